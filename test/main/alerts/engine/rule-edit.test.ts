import { describe, expect, it } from 'vitest';
import { stateResetReason } from '../../../../main/alerts/engine/rule-edit.js';
import { RuleSchema, type RuleInput } from '../../../../shared/alerting/rule.js';

const BEFORE: RuleInput = {
  id: 'disk-full',
  name: 'Disk almost full',
  source: { sourceId: 'prom', query: 'disk_used_percent' },
  condition: { op: '>', threshold: 90 },
  evaluate: { cron: '* * * * *' },
  severity: 'critical',
  summary: 'disk at {{ $value }}',
};

describe('stateResetReason', () => {
  it.each<[string, Partial<RuleInput>, string | null]>([
    ['a new threshold', { condition: { op: '>', threshold: 95, resolveThreshold: 85 } }, null],
    [
      'a pending period, labels and severity',
      { forMs: 300_000, labels: { team: 'x' }, severity: 'info' },
      null,
    ],
    ['a new schedule and policies', { evaluate: { cron: '*/5 * * * *' }, noData: 'ok' }, null],
    [
      'a new source',
      { source: { sourceId: 'prom-eu', query: 'disk_used_percent' } },
      'source changed from "prom" to "prom-eu"',
    ],
    ['a new query', { source: { sourceId: 'prom', query: 'disk_free_percent' } }, 'query changed'],
    ['a new op', { condition: { op: '<', threshold: 10 } }, 'condition op changed from ">" to "<"'],
    ['disabling the rule', { enabled: false }, 'rule disabled'],
  ])('decides for %s', (_what, change, expected) => {
    const before = RuleSchema.parse(BEFORE);
    const after = RuleSchema.parse({ ...BEFORE, ...change });

    expect(stateResetReason(before, after)).toBe(expected);
  });
});
