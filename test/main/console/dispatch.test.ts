import { describe, expect, it, vi } from 'vitest';
import { createDispatcher } from '../../../main/console/dispatch.js';
import type { AuditLog } from '../../../main/console/audit.js';
import type { ConsoleSession } from '../../../main/console/session.js';
import type { ConsoleHandlers } from '../../../shared/api/contract.js';
import type { AuditEntry } from '../../../shared/api/dto.js';
import { ok } from '../../../shared/result.js';
import { quietLog } from '../queues/queue-harness.js';

type Handlers = ConsoleHandlers<ConsoleSession>;

function fakeSession(overrides: { readOnly?: boolean; kind?: ConsoleSession['profileKind'] }): {
  session: ConsoleSession;
  audited: Omit<AuditEntry, 'id'>[];
} {
  const audited: Omit<AuditEntry, 'id'>[] = [];
  const audit: AuditLog = {
    append: (entry) => {
      audited.push(entry);
      return Promise.resolve({ id: '1-0', ...entry });
    },
    list: () => Promise.resolve([]),
  };
  const session = {
    resolved: { readOnly: overrides.readOnly ?? false },
    profileName: 'shared-prod',
    profileKind: overrides.kind ?? 'standalone',
    operator: { user: 'ana', host: 'ws-7' },
    audit,
    emit: vi.fn(),
  } as unknown as ConsoleSession;
  return { session, audited };
}

function dispatcher(
  handlers: Partial<Handlers>,
  session: ConsoleSession | undefined,
  deadlineMs?: number,
) {
  return createDispatcher({
    handlers: handlers as Handlers,
    session: () => session,
    log: quietLog,
    ...(deadlineMs ? { deadlineMs } : {}),
  });
}

describe('createDispatcher', () => {
  it('passes the parsed request, defaults filled in, to the handler', async () => {
    const { session } = fakeSession({});
    const page = vi.fn().mockResolvedValue(ok({ jobs: [] }));
    const dispatch = dispatcher({ 'jobs.page': page }, session);

    const result = await dispatch('jobs.page', { queue: 'mail', state: 'failed', page: 3 });

    expect(result).toEqual({ ok: true, value: { jobs: [] } });
    expect(page).toHaveBeenCalledWith(
      { queue: 'mail', state: 'failed', page: 3, pageSize: 50 },
      session,
    );
  });

  describe('when the request is bad', () => {
    it('answers BAD_REQUEST naming the field and never calls the handler', async () => {
      const { session } = fakeSession({});
      const page = vi.fn();
      const dispatch = dispatcher({ 'jobs.page': page }, session);

      const result = await dispatch('jobs.page', { queue: 'mail', state: 'lost', page: 0 });

      expect(result).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
      expect(!result.ok && result.message).toContain(
        'state must be one of "waiting", "active", "delayed", "failed", "completed", "paused"; got "lost"',
      );
      expect(!result.ok && result.issues).toEqual([
        {
          path: 'state',
          message:
            'state must be one of "waiting", "active", "delayed", "failed", "completed", "paused"; got "lost"',
        },
      ]);
      expect(page).not.toHaveBeenCalled();
    });

    it('answers BAD_REQUEST for a method the contract does not have', async () => {
      const { session } = fakeSession({});
      const result = await dispatcher({}, session)('jobs.format', {});

      expect(result).toEqual({
        ok: false,
        code: 'BAD_REQUEST',
        message: 'unknown console method "jobs.format"',
      });
    });

    it('refuses unknown request fields by name', async () => {
      const { session } = fakeSession({});
      const result = await dispatcher({}, session)('queues.list', { everything: true });

      expect(!result.ok && result.message).toContain('unknown key "everything"');
    });
  });

  describe('when the handler throws', () => {
    it('answers INTERNAL with the message instead of throwing', async () => {
      const { session } = fakeSession({});
      const dispatch = dispatcher(
        { 'queues.list': () => Promise.reject(new Error('socket closed')) },
        session,
      );

      await expect(dispatch('queues.list', {})).resolves.toEqual({
        ok: false,
        code: 'INTERNAL',
        message: 'queues.list failed: socket closed',
      });
    });

    it('answers INTERNAL for a synchronous throw too', async () => {
      const { session } = fakeSession({});
      const dispatch = dispatcher(
        {
          'queues.list': () => {
            throw new TypeError('x is undefined');
          },
        },
        session,
      );

      await expect(dispatch('queues.list', {})).resolves.toMatchObject({
        ok: false,
        code: 'INTERNAL',
        message: 'queues.list failed: x is undefined',
      });
    });
  });

  describe('when the handler outlives its deadline', () => {
    it('answers TIMEOUT after the deadline', async () => {
      const { session } = fakeSession({});
      const dispatch = dispatcher(
        { 'queues.list': () => new Promise(() => undefined) },
        session,
        50,
      );

      await expect(dispatch('queues.list', {})).resolves.toEqual({
        ok: false,
        code: 'TIMEOUT',
        message: 'queues.list did not finish within 50 ms',
      });
    });
  });

  describe('when the profile is read-only', () => {
    it('refuses commands with FORBIDDEN and still answers queries', async () => {
      const { session } = fakeSession({ readOnly: true });
      const pause = vi.fn();
      const list = vi.fn().mockResolvedValue(ok([]));
      const dispatch = dispatcher({ 'queues.pause': pause, 'queues.list': list }, session);

      await expect(dispatch('queues.pause', { queue: 'mail' })).resolves.toEqual({
        ok: false,
        code: 'FORBIDDEN',
        message: 'profile "shared-prod" is read-only; queues.pause would change it',
      });
      await expect(dispatch('queues.list', {})).resolves.toEqual({ ok: true, value: [] });
      expect(pause).not.toHaveBeenCalled();
    });

    it('still lets the person switch to another profile', async () => {
      const { session } = fakeSession({ readOnly: true });
      const switchTo = vi.fn().mockResolvedValue(ok({}));
      const dispatch = dispatcher({ 'profiles.switch': switchTo }, session);

      await expect(dispatch('profiles.switch', { name: 'sandbox' })).resolves.toMatchObject({
        ok: true,
      });
    });
  });

  describe('when a destructive action runs outside the sandbox', () => {
    it('needs the typed name of its target', async () => {
      const { session } = fakeSession({ kind: 'standalone' });
      const remove = vi.fn().mockResolvedValue(ok({ removed: true }));
      const dispatch = dispatcher({ 'schedules.remove': remove }, session);

      await expect(dispatch('schedules.remove', { id: 'nightly' })).resolves.toEqual({
        ok: false,
        code: 'FORBIDDEN',
        message:
          'schedules.remove on shared profile "shared-prod" needs confirm: "nightly" (type the id); got ""',
      });
      await expect(
        dispatch('schedules.remove', { id: 'nightly', confirm: 'nightly' }),
      ).resolves.toEqual({ ok: true, value: { removed: true } });
      expect(remove).toHaveBeenCalledTimes(1);
    });

    it('needs no confirmation on the sandbox', async () => {
      const { session } = fakeSession({ kind: 'sandbox' });
      const remove = vi.fn().mockResolvedValue(ok({ removed: true }));

      await expect(
        dispatcher({ 'schedules.remove': remove }, session)('schedules.remove', { id: 'nightly' }),
      ).resolves.toMatchObject({ ok: true });
    });
  });

  describe('audit', () => {
    it('records each command with operator, profile, target and outcome, not queries', async () => {
      const { session, audited } = fakeSession({ kind: 'sandbox' });
      const dispatch = dispatcher(
        {
          'queues.pause': () => Promise.resolve(ok({} as never)),
          'queues.list': () => Promise.resolve(ok([])),
          'schedules.remove': () =>
            Promise.resolve({ ok: false, code: 'NOT_FOUND', message: 'no schedule "x"' }),
        },
        session,
      );

      await dispatch('queues.list', {});
      await dispatch('queues.pause', { queue: 'mail', reason: 'db migration' });
      await dispatch('schedules.remove', { id: 'x' });
      await vi.waitFor(() => expect(audited).toHaveLength(2));

      expect(audited[0]).toMatchObject({
        user: 'ana',
        host: 'ws-7',
        profile: 'shared-prod',
        action: 'queues.pause',
        target: 'mail',
        detail: '{"queue":"mail","scope":"global","reason":"db migration"}',
        outcome: 'ok',
      });
      expect(audited[1]).toMatchObject({
        action: 'schedules.remove',
        target: 'x',
        detail: '{"id":"x"} -> no schedule "x"',
        outcome: 'failed',
      });
    });

    it('names a saved draft by id and never writes its content', async () => {
      const { session, audited } = fakeSession({ kind: 'sandbox' });
      const dispatch = dispatcher(
        { 'channels.save': () => Promise.resolve(ok({} as never)) },
        session,
      );

      await dispatch('channels.save', {
        channel: { id: 'ops-slack', kind: 'slack', url: 'https://hooks.example/secret-part' },
        create: true,
      });
      await vi.waitFor(() => expect(audited).toHaveLength(1));

      expect(audited[0]?.target).toBe('ops-slack');
      expect(JSON.stringify(audited[0])).not.toContain('secret-part');
    });
  });

  describe('when a profile switch is under way', () => {
    it('asks the caller to try again', async () => {
      const result = await dispatcher({}, undefined)('queues.list', {});

      expect(result).toEqual({
        ok: false,
        code: 'REDIS_UNAVAILABLE',
        message: 'the console is switching profiles; try queues.list again',
      });
    });
  });
});
