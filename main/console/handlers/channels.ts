import type { ConsoleHandlers } from '../../../shared/api/contract.js';
import { fail, ok, type Result } from '../../../shared/result.js';
import { restoreSecrets, viewChannel } from '../channel-secrets.js';
import type { ConsoleSession } from '../session.js';

type ChannelsHandlers = Pick<
  ConsoleHandlers<ConsoleSession>,
  'channels.list' | 'channels.save' | 'channels.remove' | 'channels.test'
>;

function changed<T>(session: ConsoleSession, result: Result<T>): Result<T> {
  if (result.ok) session.emit('config.changed', { area: 'channels' });
  return result;
}

export const channelsHandlers: ChannelsHandlers = {
  async 'channels.list'(_request, session) {
    return ok((await session.alerting.config.channels.list()).map(viewChannel));
  },

  async 'channels.save'({ channel: draft, create }, session) {
    const { channels } = session.alerting.config;
    const id = typeof draft.id === 'string' ? draft.id : '';
    const stored = create || id === '' ? null : await channels.get(id);
    const input = restoreSecrets(draft, stored);
    if (!input.ok) return input;

    const saved = await channels.save(input.value, create ? 'create' : 'update');
    return changed(session, saved.ok ? ok(viewChannel(saved.value)) : saved);
  },

  async 'channels.remove'({ id }, session) {
    const { channels, routes } = session.alerting.config;
    const users = (await routes.list()).filter((r) => r.channels.includes(id)).map((r) => r.id);
    if (users.length > 0) {
      const named = users.map((r) => `"${r}"`).join(', ');
      return fail(
        'CONFLICT',
        `channel "${id}" is used by route ${named}; take it out of the route first`,
      );
    }

    const removed = await channels.remove(id);
    return changed(session, removed.ok ? ok({ removed: true }) : removed);
  },

  async 'channels.test'({ id }, session) {
    const { alerting } = session;
    await alerting.refreshChannels();

    const startedAt = performance.now();
    const sent = await alerting.delivery.sendTest(id);
    const durationMs = Math.round(performance.now() - startedAt);
    if (!sent.ok && sent.code === 'NOT_FOUND') return fail('NOT_FOUND', sent.message);

    // A failed test is a failed command: the audit log records it as one.
    if (!sent.ok) return fail(sent.code, `test notification to "${id}" failed: ${sent.message}`);
    return ok({ ok: true, message: describeAnswer(sent.value), durationMs });
  },
};

function describeAnswer(answer: { status?: number; detail?: string }): string {
  const parts = [answer.status === undefined ? '' : `HTTP ${answer.status}`, answer.detail ?? ''];
  const said = parts.filter(Boolean).join(' ');

  return said === '' ? 'test notification sent' : `test notification sent; receiver said ${said}`;
}
