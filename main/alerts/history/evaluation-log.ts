import { z } from 'zod';
import type { RedisClient } from '../../connection/connection.js';
import type { Logger } from '../../log/logger.js';
import { ALERT_STATES, type EvaluationRecord } from '../../../shared/alerting/alert.js';

/** Evaluations kept per Rule by default. */
export const EVALUATIONS_PER_RULE = 100;

const RecordSchema = z.object({
  ruleId: z.string(),
  atMs: z.number(),
  durationMs: z.number().optional(),
  series: z.number(),
  value: z.number().nullable(),
  threshold: z.number(),
  state: z.enum(ALERT_STATES),
  states: z.partialRecord(z.enum(ALERT_STATES), z.number()),
  transitions: z.number(),
  error: z.string().optional(),
});

/** The recent-evaluations log of a Rule. */
export function evaluationLogKey(prefix: string, ruleId: string): string {
  return `${prefix}:dipper:alerts:evals:${ruleId}`;
}

/**
 * The last evaluations of each Rule, newest first, in a capped list per Rule (vmalert's
 * per-rule evaluation log): what a person opens to see why a Rule did or did not fire.
 */
export function createEvaluationLog(
  client: RedisClient,
  prefix: string,
  log: Logger,
  perRule = EVALUATIONS_PER_RULE,
) {
  /** The list, the stored text and the cap of one evaluation: what `record` writes. */
  function entry(evaluation: EvaluationRecord): { key: string; json: string; keep: number } {
    const error = evaluation.error?.slice(0, 500);
    const stored = error === undefined ? evaluation : { ...evaluation, error };

    return {
      key: evaluationLogKey(prefix, evaluation.ruleId),
      json: JSON.stringify(stored),
      keep: perRule,
    };
  }

  return {
    entry,

    async record(evaluation: EvaluationRecord): Promise<void> {
      const { key, json, keep } = entry(evaluation);

      await client
        .multi()
        .lpush(key, json)
        .ltrim(key, 0, keep - 1)
        .exec();
    },

    /** Up to `limit` evaluations of the Rule, newest first. */
    async recent(ruleId: string, limit = perRule): Promise<EvaluationRecord[]> {
      const raw = await client.lrange(evaluationLogKey(prefix, ruleId), 0, limit - 1);

      return raw.flatMap((text) => {
        const parsed = RecordSchema.safeParse(parseJson(text));
        if (parsed.success) return [parsed.data];

        log.warn('stored evaluation is invalid; ignored', { ruleId });
        return [];
      });
    },

    /** The newest evaluation of each Rule in one round trip; Rules never evaluated map to null. */
    async latest(ruleIds: readonly string[]): Promise<Map<string, EvaluationRecord | null>> {
      if (ruleIds.length === 0) return new Map();

      const pipeline = client.pipeline();
      for (const id of ruleIds) pipeline.lindex(evaluationLogKey(prefix, id), 0);
      const replies = (await pipeline.exec()) ?? [];

      return new Map(
        ruleIds.map((ruleId, i) => {
          const [error, text] = replies[i] ?? [null, null];
          if (error) throw error;
          if (typeof text !== 'string') return [ruleId, null];
          const parsed = RecordSchema.safeParse(parseJson(text));
          if (!parsed.success) log.warn('stored evaluation is invalid; ignored', { ruleId });
          return [ruleId, parsed.success ? parsed.data : null];
        }),
      );
    },

    async remove(ruleId: string): Promise<void> {
      await client.del(evaluationLogKey(prefix, ruleId));
    },
  };
}

export type EvaluationLog = ReturnType<typeof createEvaluationLog>;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
