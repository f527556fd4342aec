import { describe, expect, it } from 'vitest';
import { createEvaluationLog } from '../../../../main/alerts/history/evaluation-log.js';
import type { EvaluationRecord } from '../../../../shared/alerting/alert.js';
import { uniquePrefix, useTestRedis } from '../../../harness/redis.js';
import { silentLog } from '../../connection/silent-log.js';

const T = Date.parse('2026-05-01T10:00:00Z');

function evaluation(tick: number, overrides: Partial<EvaluationRecord> = {}): EvaluationRecord {
  return {
    ruleId: 'disk-full',
    atMs: T + tick * 60_000,
    durationMs: 12,
    series: 3,
    value: 91 + tick,
    threshold: 90,
    state: 'firing',
    states: { firing: 1, normal: 2 },
    transitions: 0,
    ...overrides,
  };
}

describe('createEvaluationLog', () => {
  const db = useTestRedis();

  describe('when more evaluations are recorded than a rule keeps', () => {
    it('returns the newest ones first and drops the oldest', async () => {
      const log = createEvaluationLog(db.client, uniquePrefix('evals'), silentLog, 3);
      for (const tick of [0, 1, 2, 3, 4]) await log.record(evaluation(tick));
      await log.record(evaluation(0, { ruleId: 'other' }));

      expect(await log.recent('disk-full')).toEqual([evaluation(4), evaluation(3), evaluation(2)]);
      expect(await log.recent('disk-full', 1)).toEqual([evaluation(4)]);
      expect(await log.recent('other')).toEqual([evaluation(0, { ruleId: 'other' })]);
    });
  });

  describe('when an evaluation failed', () => {
    it('keeps the error, cut to 500 characters', async () => {
      const log = createEvaluationLog(db.client, uniquePrefix('evals'), silentLog);
      const failed = evaluation(0, {
        state: 'error',
        states: { error: 1 },
        value: null,
        series: 0,
      });

      await log.record({ ...failed, error: 'x'.repeat(2_000) });

      expect(await log.recent('disk-full')).toEqual([{ ...failed, error: 'x'.repeat(500) }]);
    });
  });
});
