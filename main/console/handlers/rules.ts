import { removeRuleEverywhere } from '../../alerts/operator-actions.js';
import { replayDepsFor, replayRule } from '../../alerts/replay/replay.js';
import type { ConsoleHandlers } from '../../../shared/api/contract.js';
import { fail, ok } from '../../../shared/result.js';
import {
  ruleFromDraft,
  ruleRow,
  ruleRows,
  saveRule,
  testRule,
  validateRule,
} from '../rule-rows.js';
import type { ConsoleSession } from '../session.js';

// Inside the methods' deadlines (30 s and 60 s), so a slow source ends with its own message.
const TEST_QUERY_MS = 25_000;
const REPLAY_MS = 55_000;

type RulesHandlers = Pick<
  ConsoleHandlers<ConsoleSession>,
  | 'rules.list'
  | 'rules.validate'
  | 'rules.save'
  | 'rules.remove'
  | 'rules.test'
  | 'rules.replay'
  | 'rules.evaluations'
  | 'sources.list'
>;

function emitChanged(session: ConsoleSession): void {
  // A Rule's evaluation schedule changes with it.
  session.emit('config.changed', { area: 'rules' });
  session.emit('config.changed', { area: 'schedules' });
}

export const rulesHandlers: RulesHandlers = {
  async 'rules.list'(_request, session) {
    return ok(await ruleRows(session, await session.alerting.config.rules.list()));
  },

  async 'sources.list'(_request, session) {
    const sources = await session.alerting.config.sources.list();
    return ok(sources.map(({ id, name, config }) => ({ id, name, kind: config.kind })));
  },

  async 'rules.validate'({ rule }, session) {
    return validateRule(session, rule);
  },

  async 'rules.save'({ rule, create }, session) {
    const saved = await saveRule(session, rule, create);
    if (!saved.ok) return saved;

    emitChanged(session);
    return ruleRow(session, saved.value.id);
  },

  async 'rules.remove'({ id }, session) {
    const removed = await removeRuleEverywhere(session.alerting.deps, id);
    if (!removed.ok) return removed;

    emitChanged(session);
    return ok({ removed: true });
  },

  async 'rules.test'({ rule: draft }, session) {
    const rule = await ruleFromDraft(session, draft);
    if (!rule.ok) return rule;

    return ok(await testRule(session, rule.value, AbortSignal.timeout(TEST_QUERY_MS)));
  },

  async 'rules.replay'({ rule: draft, window }, session) {
    const rule = await ruleFromDraft(session, draft);
    if (!rule.ok) return rule;

    const { config, deps } = session.alerting;
    const replayDeps = await replayDepsFor(config, deps.sourceDeps);
    return replayRule(rule.value, window, replayDeps, AbortSignal.timeout(REPLAY_MS));
  },

  async 'rules.evaluations'({ id, limit }, session) {
    const { config, deps } = session.alerting;
    const records = await deps.evaluations.recent(id, limit);
    if (records.length === 0 && !(await config.rules.get(id))) {
      return fail('NOT_FOUND', `rule "${id}" does not exist`);
    }

    return ok(records);
  },
};
