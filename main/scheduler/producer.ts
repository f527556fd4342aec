import schedule from 'node-schedule';
import type { CronCursor } from '../../shared/cron.js';
import { scheduleCursor, type Schedule } from '../../shared/schedule.js';
import type { Logger } from '../log/logger.js';
import type { QueueRegistry } from '../queues/queue-registry.js';
import { DueHeap } from './due-heap.js';
import { claimAndAddTicks } from './enqueue.js';
import { planTicks, type TickPlan } from './tick-plan.js';
import type { TickStore } from './tick-store.js';

export interface ProducerOptions {
  nodeId: string;
  queues: QueueRegistry;
  tickStore: TickStore;
  log: Logger;
  /** Redis-aligned wall clock in epoch ms, so nodes with skewed clocks agree on tick times. */
  now: () => number;
  /** True when this node produces the schedule's ticks (queue dispatch). */
  isOwner: (scheduleId: string) => boolean;
  /** Runs one tick of a `lock` schedule in place; every node competes for the lock. */
  runLocked?: (schedule: Schedule, tickMs: number) => void;
  /** A tick at most this old is on time; older ones go to the misfire policy. */
  lateToleranceMs?: number;
  /** Delay before retrying ticks that could not be claimed or added, in ms. */
  retryMs?: number;
  onProduced?: (scheduleId: string, lagMs: number) => void;
  /** Called before each pass; reports a sleep or clock jump through `noteWake`. */
  checkClock?: () => void;
}

interface Entry {
  schedule: Schedule;
  cursor: CronCursor;
  /** Ticks up to this time are handled (produced, skipped, or left to their owner). */
  handledMs: number;
  /** The first tick not yet handled; null when the cron has no more ticks. */
  firstTickMs: number | null;
  /** When to look at the schedule next: its first tick, or a retry time after a failure. */
  dueMs: number;
  /** Whether this node owned the schedule at its last tick; a change triggers a look-back. */
  wasOwner: boolean;
}

/**
 * The producer: one node-schedule timer armed for the earliest due tick of all schedules.
 * When it fires, every schedule due by then is planned, claimed and enqueued in a few batched
 * Redis calls, so thousands of schedules due in the same second cost one pass, not one timer
 * invocation each.
 */
export function createProducer(options: ProducerOptions) {
  const { log, now, nodeId } = options;
  const lateToleranceMs = options.lateToleranceMs ?? 30_000;
  const retryMs = options.retryMs ?? 1_000;
  const entries = new Map<string, Entry>();
  const heap = new DueHeap();
  let timer: schedule.Job | null = null;
  let armedForMs = Number.POSITIVE_INFINITY;
  let isRunning = false;
  let isRerunNeeded = false;
  let isStopped = false;
  let idle: Promise<void> = Promise.resolve();
  // Ticks due before this wall time fell into a sleep or a clock jump: they are missed, not
  // late, whatever the tolerance, so a laptop that wakes up does not replay its last seconds.
  let staleBeforeMs = Number.NEGATIVE_INFINITY;

  function arm(): void {
    if (isStopped) return;

    const nextDue = heap.peekDue();
    if (nextDue === undefined) return disarm();
    if (timer && nextDue >= armedForMs) return;

    disarm();
    armedForMs = nextDue;
    // The timer runs on this node's clock; due times are on the Redis-aligned clock.
    const localMs = nextDue - (now() - Date.now());
    timer =
      localMs > Date.now() ? schedule.scheduleJob(new Date(localMs), () => void fire()) : null;
    if (timer)
      timer.on('error', (error: Error) => log.error('timer error', { error: error.message }));
    else setImmediate(() => void fire());
  }

  function disarm(): void {
    timer?.cancel();
    timer = null;
    armedForMs = Number.POSITIVE_INFINITY;
  }

  function setDue(entry: Entry, dueMs: number): void {
    entry.dueMs = dueMs;
    heap.push(entry.schedule.id, dueMs);
  }

  function collectDue(nowMs: number): Entry[] {
    const due = new Set<Entry>();
    for (let top = heap.peekDue(); top !== undefined && top <= nowMs; top = heap.peekDue()) {
      const item = heap.pop();
      const entry = item && entries.get(item.id);
      // A heap item whose entry moved (edit, retry) or vanished (delete) is stale. An edit
      // leaves the old item at the same due time as the new entry's first tick: a Set keeps
      // that from making the entry due twice and its tick claimed and recorded twice.
      if (entry && entry.dueMs === item.dueMs) due.add(entry);
    }

    return [...due];
  }

  /** Plans one due schedule. The usual case, one on-time tick, needs no cron walk here. */
  function plan(
    entry: Entry,
    nowMs: number,
    toleranceMs: number,
  ): TickPlan & { isNextKnown: boolean } {
    const first = entry.firstTickMs;
    if (first !== null && nowMs - first <= toleranceMs) {
      return {
        produce: [first],
        skipped: 0,
        lastSkippedMs: null,
        nextMs: null,
        isNextKnown: false,
      };
    }

    const full = planTicks(entry.cursor, first, nowMs, toleranceMs, entry.schedule.misfire);
    return { ...full, isNextKnown: true };
  }

  async function produce(
    due: Entry[],
    nowMs: number,
    nextDue: Map<Entry, number | null | undefined>,
  ): Promise<void> {
    const claims: { schedule: Schedule; tickMs: number }[] = [];
    const skips: { entry: Entry; count: number; lastMs: number }[] = [];

    const toleranceMs = Math.max(0, Math.min(lateToleranceMs, nowMs - staleBeforeMs));
    for (const entry of due) {
      const { schedule: s } = entry;
      const p = plan(entry, nowMs, toleranceMs);
      nextDue.set(entry, p.isNextKnown ? p.nextMs : undefined);
      if (s.dispatch === 'lock') {
        for (const tickMs of p.produce) options.runLocked?.(s, tickMs);
        continue;
      }
      entry.wasOwner = options.isOwner(s.id);
      if (entry.wasOwner) {
        for (const tickMs of p.produce) claims.push({ schedule: s, tickMs });
        if (p.skipped > 0 && p.lastSkippedMs !== null) {
          skips.push({ entry, count: p.skipped, lastMs: p.lastSkippedMs });
        }
      }
    }

    const produced = await claimAndAddTicks(
      claims,
      nowMs,
      options.queues,
      options.tickStore,
      nodeId,
      now,
    );

    for (const p of produced) options.onProduced?.(p.scheduleId, p.atMs - p.tickMs);
    for (const { entry, count, lastMs } of skips) {
      log.warn('missed ticks skipped by policy', { scheduleId: entry.schedule.id, count });
      await options.tickStore.append(entry.schedule.id, {
        tickMs: lastMs,
        event: 'skipped',
        nodeId,
        atMs: nowMs,
        count,
      });
    }
    log.debug('ticks produced', {
      due: due.length,
      claimed: claims.length,
      produced: produced.length,
    });
  }

  async function fire(): Promise<void> {
    if (isRunning) {
      isRerunNeeded = true;
      return;
    }
    isRunning = true;
    disarm();
    let release = () => undefined as void;
    idle = new Promise((resolve) => (release = resolve));

    try {
      options.checkClock?.();
      const nowMs = now();
      const due = collectDue(nowMs);
      const nextDue = new Map<Entry, number | null | undefined>();
      try {
        await produce(due, nowMs, nextDue);
        for (const entry of due) {
          const known = nextDue.get(entry);
          // Walked after the jobs are in Redis: a second due tick (the pass ran late) makes the
          // schedule due at once, and the next pass plans it with the misfire rules.
          entry.firstTickMs =
            known === undefined && entry.firstTickMs !== null
              ? entry.cursor.next(entry.firstTickMs)
              : (known ?? null);
          entry.handledMs = nowMs;
          setDue(entry, entry.firstTickMs ?? Number.POSITIVE_INFINITY);
        }
      } catch (error) {
        // Nothing was marked handled: the same ticks are planned again on retry, and the
        // watermark keeps any that did get claimed from being produced twice.
        log.warn('producing ticks failed; retrying', {
          error: (error as Error).message,
          due: due.length,
        });
        for (const entry of due) setDue(entry, nowMs + retryMs);
      }
    } finally {
      isRunning = false;
      release();
      if (isRerunNeeded) {
        isRerunNeeded = false;
        setImmediate(() => void fire());
      }
      arm();
    }
  }

  function track(s: Schedule, handledMs: number): void {
    const cursor = scheduleCursor(s);
    const firstTickMs = cursor.next(handledMs);
    const entry: Entry = { schedule: s, cursor, handledMs, firstTickMs, dueMs: 0, wasOwner: false };
    entries.set(s.id, entry);
    setDue(entry, firstTickMs ?? Number.POSITIVE_INFINITY);
  }

  return {
    /**
     * Replaces the tracked schedules. New ones look back `lateToleranceMs` (a node starting
     * late still produces on-time ticks); changed ones keep their progress.
     */
    sync(schedules: Schedule[]): void {
      const nowMs = now();
      const wanted = new Map(schedules.filter((s) => s.enabled).map((s) => [s.id, s]));
      for (const id of entries.keys()) if (!wanted.has(id)) entries.delete(id);
      for (const s of wanted.values()) {
        const existing = entries.get(s.id);
        if (existing && JSON.stringify(existing.schedule) === JSON.stringify(s)) continue;
        // A new schedule looks back too: its watermark, raised when it was created or enabled,
        // refuses the ticks from before that, and a node that learns of it late (a healed
        // change notification) still produces the ticks it missed.
        track(s, existing?.handledMs ?? nowMs - lateToleranceMs);
      }
      arm();
    },

    /** Called when the live node set changed: newly owned schedules look back for on-time ticks. */
    rebalance(): void {
      const lookBack = now() - lateToleranceMs;
      for (const entry of entries.values()) {
        const isGained = !entry.wasOwner && options.isOwner(entry.schedule.id);
        if (entry.schedule.dispatch === 'queue' && isGained && entry.handledMs > lookBack) {
          entry.handledMs = lookBack;
          entry.firstTickMs = entry.cursor.next(lookBack);
          setDue(entry, entry.firstTickMs ?? Number.POSITIVE_INFINITY);
        }
      }
      arm();
    },

    /**
     * After a sleep or clock jump: ticks due before `awakeSinceMs` (this node's wall clock) are
     * missed and go to the misfire policy; then the timer is re-armed for the new time.
     */
    noteWake(awakeSinceMs: number): void {
      staleBeforeMs = Math.max(staleBeforeMs, awakeSinceMs + (now() - Date.now()));
      disarm();
      arm();
    },

    /** Ids with a live timer entry: one per enabled schedule. */
    armedIds(): string[] {
      return [...entries.keys()].sort();
    },

    async stop(): Promise<void> {
      isStopped = true;
      disarm();
      // A pass blocked on an unreachable Redis must not hold shutdown forever.
      await Promise.race([idle, new Promise((r) => setTimeout(r, 5_000).unref())]);
    },
  };
}

export type Producer = ReturnType<typeof createProducer>;
