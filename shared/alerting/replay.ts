import { z } from 'zod';
import type { AlertTransition } from './alert.js';
import type { Labels } from './series.js';

/** Most evaluation ticks one replay walks, warm-up included. */
export const MAX_REPLAY_TICKS = 100_000;
/** Most series one replay follows. */
export const MAX_REPLAY_SERIES = 1_000;
/** Most series evaluations (ticks times series) one replay makes: about 10 s of CPU. */
export const MAX_REPLAY_EVALUATIONS = 5_000_000;
/** Most transitions, and most notifications, a timeline lists; counting goes on past it. */
export const MAX_REPLAY_ENTRIES = 10_000;
/**
 * How old a series' latest sample may be at a tick and still be its value, in ms: 5 min, as
 * Prometheus' lookback delta and the recorded source's instant query.
 */
export const REPLAY_STALENESS_MS = 5 * 60_000;

const epochMs = (field: string) =>
  z
    .number({ error: `${field} must be epoch ms` })
    .int(`${field} must be whole epoch ms`)
    .nonnegative(`${field} must be epoch ms`);

/**
 * The window of a replay, epoch ms, both ends inclusive. `stepMs` is optional: without it the
 * Rule is evaluated at every tick of its own cron; with it, consecutive replayed ticks are at
 * least `stepMs` apart (still on the cron), for coarse replays of long windows.
 */
export const ReplayWindowSchema = z
  .strictObject({
    fromMs: epochMs('fromMs'),
    toMs: epochMs('toMs'),
    stepMs: z
      .number({ error: 'stepMs must be a number of ms' })
      .int('stepMs must be whole ms')
      .min(1_000, 'stepMs must be at least 1000 ms (cron ticks are whole seconds)')
      .optional(),
  })
  .refine((w) => w.fromMs <= w.toMs, {
    error: (issue) => {
      const w = issue.input as { fromMs: number; toMs: number };
      return `fromMs ${w.fromMs} is after toMs ${w.toMs}`;
    },
    path: ['toMs'],
  });

export type ReplayWindow = z.infer<typeof ReplayWindowSchema>;

/** A Notification a replay would have queued; nothing is sent. */
export interface ReplayNotification {
  /** The tick that would have queued it, epoch ms. */
  atMs: number;
  status: 'firing' | 'resolved';
  /** A reminder for Alerts still firing after the route's repeat interval. */
  isRepeat: boolean;
  routeId: string;
  channels: string[];
  groupLabels: Labels;
  /** The series keys of the group's Alerts. */
  alerts: string[];
}

/** What a Rule would have done over a window of recorded or live data. Times are epoch ms. */
export interface ReplayTimeline {
  ruleId: string;
  fromMs: number;
  toMs: number;
  /** Evaluation ticks in [fromMs, toMs]. */
  ticks: number;
  /** Ticks before fromMs (one pending period long) evaluated only to set up the Alerts. */
  warmupTicks: number;
  /**
   * The step of the one range query, ms: the ticks' spacing (at most 1 min) unless the window
   * needed a larger one; a tick then sees a sample up to this old.
   */
  queryStepMs: number;
  /** State changes in the window, oldest first, at most MAX_REPLAY_ENTRIES. */
  transitions: AlertTransition[];
  /** Notifications in the window, oldest first, at most MAX_REPLAY_ENTRIES. */
  notifications: ReplayNotification[];
  /** True when either list was cut at MAX_REPLAY_ENTRIES. */
  isTruncated: boolean;
  /** Series the query returned. */
  series: number;
  /** Time spent firing within the window, by series key; series that never fired are left out. */
  firingMs: Record<string, number>;
}
