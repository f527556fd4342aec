import type { AlertInstance, AlertTransition } from '../../../shared/alerting/alert.js';
import type { Route, Silence, SourceDef } from '../../../shared/alerting/config.js';
import {
  MAX_REPLAY_ENTRIES,
  MAX_REPLAY_EVALUATIONS,
  MAX_REPLAY_SERIES,
  REPLAY_STALENESS_MS,
  ReplayWindowSchema,
  type ReplayNotification,
  type ReplayTimeline,
} from '../../../shared/alerting/replay.js';
import type { Rule } from '../../../shared/alerting/rule.js';
import { fail, ok, type Result } from '../../../shared/result.js';
import { parseWith } from '../../../shared/validation.js';
import type { AlertingConfig } from '../config-stores.js';
import { evaluateRule } from '../engine/evaluate.js';
import { createSource, type SourceDeps } from '../sources/index.js';
import { createFiringClock } from './firing-clock.js';
import { createReplayNotifier } from './replay-notifier.js';
import { createSampleCursor } from './sample-cursor.js';
import { planRangeQuery, planTicks } from './ticks.js';

/** What a replay reads; it writes nothing. */
export interface ReplayDeps {
  getSource(sourceId: string): Promise<SourceDef | null>;
  sourceDeps: SourceDeps;
  /** The routes to plan Notifications by; without them no Notification is planned. */
  routes?: Route[];
  /** Every Silence to apply, each within its own time window. */
  silences?: Silence[];
}

/** ReplayDeps from a Profile's configuration: its sources, routes and every stored Silence. */
export async function replayDepsFor(
  config: AlertingConfig,
  sourceDeps: SourceDeps,
): Promise<ReplayDeps> {
  const [routes, silences] = await Promise.all([config.routes.list(), config.silences.list()]);

  return { getSource: (id) => config.sources.get(id), sourceDeps, routes, silences };
}

/** Ticks evaluated between two yields to the event loop, so a node keeps its heartbeat. */
const TICKS_PER_SLICE = 500;

/**
 * Replays a Rule, saved or draft, over a window: one range query for the whole window, then
 * `evaluateRule` at each of the Rule's cron ticks (see planTicks) with each series' latest
 * sample at most REPLAY_STALENESS_MS old, as an instant query at that tick would answer. It
 * returns the transitions and the Notifications the notifier would have queued; it sends
 * nothing and stores nothing, and ignores `enabled` so a disabled draft can be tried.
 *
 * Ticks from one pending period before `fromMs` are evaluated first, unreported, so an Alert
 * that was already pending fires on time; an Alert already firing before that starts afresh.
 * A failed range query fails the replay (no tick would have data to judge).
 * BAD_REQUEST beyond MAX_REPLAY_TICKS, MAX_REPLAY_SERIES or MAX_REPLAY_EVALUATIONS;
 * NOT_FOUND for an unknown source; TIMEOUT when `signal` aborts.
 */
export async function replayRule(
  rule: Rule,
  input: { fromMs: number; toMs: number; stepMs?: number },
  deps: ReplayDeps,
  signal?: AbortSignal,
): Promise<Result<ReplayTimeline>> {
  const window = parseWith(ReplayWindowSchema, input, 'replay window');
  if (!window.ok) return window;
  const { fromMs, toMs } = window.value;
  const plan = planTicks(rule, window.value);
  if (!plan.ok) return plan;
  const { times, firstInWindow } = plan.value;
  const range = planRangeQuery(times, toMs);
  if (!range.ok) return range;

  const def = await deps.getSource(rule.source.sourceId);
  if (!def) return fail('NOT_FOUND', `source "${rule.source.sourceId}" does not exist`);
  const source = createSource(def.config, deps.sourceDeps);
  const answer = await source.range({ query: rule.source.query, ...range.value }, signal);
  if (!answer.ok) return fail(answer.code, `replaying rule "${rule.id}": ${answer.message}`);
  const series = answer.value;
  const bound = checkBounds(series.length, times.length);
  if (bound) return bound;

  const cursor = createSampleCursor(series, REPLAY_STALENESS_MS);
  const notifier = createReplayNotifier(rule, deps.routes ?? [], deps.silences ?? []);
  const clock = createFiringClock(fromMs, toMs);
  const transitions: AlertTransition[] = [];
  const notifications: ReplayNotification[] = [];
  let isTruncated = false;
  let previous: ReadonlyMap<string, AlertInstance> = new Map();

  for (const [index, tickMs] of times.entries()) {
    if (index % TICKS_PER_SLICE === TICKS_PER_SLICE - 1) {
      await new Promise((resolve) => setImmediate(resolve));
      if (signal?.aborted) return fail('TIMEOUT', `replay of rule "${rule.id}" was cancelled`);
    }

    const result = evaluateRule(rule, { ok: true, series: cursor.at(tickMs) }, previous, tickMs);
    // Warm-up ticks plan too: a firing Notification then times the repeats that follow.
    const planned = notifier.plan(tickMs, result.transitions, result.instances);
    clock.step(tickMs, result.instances);
    previous = result.instances;
    if (index < firstInWindow) continue;

    isTruncated = pushCapped(transitions, result.transitions) || isTruncated;
    isTruncated = pushCapped(notifications, planned) || isTruncated;
  }

  return ok({
    ruleId: rule.id,
    fromMs,
    toMs,
    ticks: times.length - firstInWindow,
    warmupTicks: firstInWindow,
    queryStepMs: range.value.stepMs,
    transitions,
    notifications,
    isTruncated,
    series: series.length,
    firingMs: clock.totals(),
  });
}

function checkBounds(seriesCount: number, tickCount: number): Result<never> | null {
  if (seriesCount > MAX_REPLAY_SERIES) {
    return fail(
      'BAD_REQUEST',
      `the query gave ${seriesCount} series; a replay follows at most ${MAX_REPLAY_SERIES}; ` +
        'narrow the query with label matchers',
    );
  }
  const evaluations = seriesCount * tickCount;
  if (evaluations > MAX_REPLAY_EVALUATIONS) {
    return fail(
      'BAD_REQUEST',
      `${tickCount} ticks x ${seriesCount} series is ${evaluations} evaluations; a replay makes ` +
        `at most ${MAX_REPLAY_EVALUATIONS}; narrow the window, set a larger stepMs or narrow the query`,
    );
  }

  return null;
}

/** Appends up to MAX_REPLAY_ENTRIES in all; true when something was left out. */
function pushCapped<T>(list: T[], items: readonly T[]): boolean {
  const room = MAX_REPLAY_ENTRIES - list.length;
  list.push(...items.slice(0, Math.max(0, room)));

  return items.length > room;
}
