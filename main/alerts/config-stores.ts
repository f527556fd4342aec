import type { RedisClient } from '../connection/connection.js';
import { createDocStore } from '../config/doc-store.js';
import type { Logger } from '../log/logger.js';
import { spreadOffsetMs } from './engine/spread.js';
import type { ScheduleStore } from '../scheduler/schedule-store.js';
import { ChannelSchema, type Channel } from '../../shared/alerting/channel.js';
import {
  RouteSchema,
  SilenceSchema,
  SourceDefSchema,
  type Route,
  type Silence,
  type SourceDef,
} from '../../shared/alerting/config.js';
import { RuleSchema, type Rule } from '../../shared/alerting/rule.js';
import { nextFireTimes } from '../../shared/cron.js';
import { fail, ok, type Result } from '../../shared/result.js';
import type { ScheduleInput } from '../../shared/schedule.js';

/** The queue and job name that evaluate Rules; every node consumes it. */
export const ALERTS_QUEUE = 'dipper.alerts';
export const EVALUATE_JOB = 'alert.evaluate';

/** The id of the Schedule that evaluates a Rule. */
export function ruleScheduleId(ruleId: string): string {
  return `rule-${ruleId}`;
}

/**
 * How far a Rule with `spread` fires after its cron times: a fixed share of its shortest
 * interval between evaluations, the same on every node, so many Rules on one cron do not all
 * query their sources and Redis in the same second.
 */
export function ruleOffsetMs(rule: Rule, nowMs = Date.now()): number {
  if (!rule.spread) return 0;

  const times = nextFireTimes(rule.evaluate.cron, rule.evaluate.tz, nowMs, 6);
  const gaps = times.slice(1).map((t, i) => t - (times[i] ?? t));
  const intervalMs = Math.min(...gaps, 86_400_000);

  return spreadOffsetMs(rule.id, intervalMs);
}

/** The Schedule a Rule is evaluated on: one job per tick through the shared scheduler. */
export function ruleSchedule(rule: Rule): ScheduleInput {
  return {
    offsetMs: ruleOffsetMs(rule),
    id: ruleScheduleId(rule.id),
    name: `Rule: ${rule.name}`.slice(0, 200),
    cron: rule.evaluate.cron,
    tz: rule.evaluate.tz,
    queue: ALERTS_QUEUE,
    job: EVALUATE_JOB,
    data: { ruleId: rule.id },
    enabled: rule.enabled,
    misfire: 'skip',
    options: { attempts: 1, keepCompleted: 20, keepFailed: 200 },
  };
}

/** Sources, channels, routes, silences and Rules of a Profile, each a hash under its prefix. */
export function createAlertingConfig(
  client: RedisClient,
  prefix: string,
  schedules: ScheduleStore,
  log: Logger,
  /** Read cache for nodes, in ms (edits elsewhere are seen this late); 0 for the CLI. */
  cacheMs = 0,
) {
  const base = `${prefix}:dipper`;
  const store = <S extends Parameters<typeof createDocStore>[2]>(
    name: string,
    schema: S,
    what: string,
  ) => createDocStore(client, `${base}:${name}`, schema, what, log, cacheMs);
  const sources = store('sources', SourceDefSchema, 'source');
  const channels = store('channels', ChannelSchema, 'channel');
  const routes = store('routes', RouteSchema, 'route');
  const silences = store('silences', SilenceSchema, 'silence');
  const rules = store('rules', RuleSchema, 'rule');

  /** Checks what a Rule refers to; the schedule id it needs must fit the schedule id rule. */
  async function checkRule(rule: Rule): Promise<Result<Rule>> {
    if (ruleScheduleId(rule.id).length > 64) {
      return fail('BAD_REQUEST', `rule id "${rule.id}" is longer than 59 characters`);
    }
    if (!(await sources.get(rule.source.sourceId))) {
      return fail(
        'BAD_REQUEST',
        `rule "${rule.id}": source "${rule.source.sourceId}" does not exist`,
      );
    }

    return ok(rule);
  }

  return {
    sources,
    channels,
    routes,
    silences,
    rules,
    checkRule,

    /** Stores a Rule and the Schedule that evaluates it. */
    async saveRule(
      input: unknown,
      mode: 'create' | 'update' | 'upsert' = 'upsert',
    ): Promise<Result<Rule>> {
      const parsed = rules.validate(input);
      if (!parsed.ok) return parsed;
      const checked = await checkRule(parsed.value);
      if (!checked.ok) return checked;

      const saved = await rules.save(checked.value, mode);
      if (!saved.ok) return saved;
      const schedule = await schedules.save(ruleSchedule(saved.value), 'upsert');
      if (!schedule.ok)
        return fail('INTERNAL', `rule saved but its schedule was not: ${schedule.message}`);

      return saved;
    },

    /** Removes a Rule and its Schedule. */
    async removeRule(id: string): Promise<Result<{ id: string }>> {
      const removed = await rules.remove(id);
      if (!removed.ok) return removed;
      await schedules.remove(ruleScheduleId(id));

      return removed;
    },

    /** Silences in force at `atMs`. */
    async activeSilences(atMs: number): Promise<Silence[]> {
      return (await silences.list()).filter((s) => s.startsAtMs <= atMs && atMs < s.endsAtMs);
    },
  };
}

export type AlertingConfig = ReturnType<typeof createAlertingConfig>;
export type { Channel, Route, Silence, SourceDef };
