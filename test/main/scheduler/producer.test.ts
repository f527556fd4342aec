import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../../main/log/logger.js';
import { watchClock } from '../../../main/node/clock-watch.js';
import { createProducer } from '../../../main/scheduler/producer.js';
import type { QueueRegistry } from '../../../main/queues/queue-registry.js';
import type { TickStore } from '../../../main/scheduler/tick-store.js';
import { ScheduleSchema, type ScheduleInput } from '../../../shared/schedule.js';

const log = createLogger('test');

/**
 * An in-memory stand-in for the Redis tick store with the same watermark rule; a schedule's
 * watermark starts at the time it was created (here: when the store is made), as in Redis.
 */
function memoryTickStore() {
  const createdAtMs = Date.now();
  const watermarks = new Map<string, number>();
  const produced: string[] = [];
  const claimFlags = async (claims: { scheduleId: string; tickMs: number }[]) =>
    claims.map((c) => {
      if ((watermarks.get(c.scheduleId) ?? createdAtMs) >= c.tickMs) return false;
      watermarks.set(c.scheduleId, c.tickMs);
      return true;
    });
  const store = {
    claimFlags,
    claimAndAdd: async (_queue: unknown, ticks: { schedule: { id: string }; tickMs: number }[]) => {
      const granted = await claimFlags(
        ticks.map((t) => ({ scheduleId: t.schedule.id, tickMs: t.tickMs })),
      );
      const added = ticks
        .filter((_, i) => granted[i])
        .map((t) => ({ scheduleId: t.schedule.id, tickMs: t.tickMs, atMs: Date.now() }))
        .map((t) => ({ ...t, jobId: `tick.${t.scheduleId}.${t.tickMs}`, nodeId: 'n1' }));
      produced.push(...added.map((t) => t.jobId));
      return added;
    },
    markProduced: async (ticks: { jobId: string }[]) => {
      produced.push(...ticks.map((t) => t.jobId));
    },
    append: async () => undefined,
  };

  return { store: store as unknown as TickStore, produced };
}

function memoryQueues(): QueueRegistry {
  const queue = { addBulk: async (jobs: unknown[]) => jobs };
  return {
    get: () => queue,
    names: () => [],
    closeAll: async () => undefined,
  } as unknown as QueueRegistry;
}

const schedule = (input: Partial<ScheduleInput>) =>
  ScheduleSchema.parse({
    id: 's1',
    name: 's1',
    cron: '* * * * * *',
    queue: 'q',
    job: 'echo',
    ...input,
  });

describe('createProducer', () => {
  beforeEach(() => {
    vi.useFakeTimers({
      toFake: [
        'setTimeout',
        'clearTimeout',
        'setInterval',
        'clearInterval',
        'Date',
        'setImmediate',
        'performance',
      ],
    });
    vi.setSystemTime(new Date('2026-05-01T10:00:00.500Z'));
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  function start(options: { isOwner?: boolean } = {}) {
    const ticks = memoryTickStore();
    const clock = watchClock((jump) => producer.noteWake(jump.awakeSinceMs), log);
    const producer = createProducer({
      nodeId: 'n1',
      queues: memoryQueues(),
      tickStore: ticks.store,
      log,
      now: () => Date.now(),
      isOwner: () => options.isOwner ?? true,
      checkClock: () => clock.check(),
    });

    return { producer, produced: ticks.produced, clock };
  }

  it('produces one job per tick at the scheduled second', async () => {
    const { producer, produced, clock } = start();
    producer.sync([schedule({})]);

    await vi.advanceTimersByTimeAsync(3_000);

    expect(produced).toEqual([
      'tick.s1.1777629601000',
      'tick.s1.1777629602000',
      'tick.s1.1777629603000',
    ]);
    clock.stop();
    await producer.stop();
  });

  it('keeps exactly one timer entry per enabled schedule across edits and deletes', async () => {
    const { producer, clock } = start();
    producer.sync([schedule({ id: 'a' }), schedule({ id: 'b' }), schedule({ id: 'c' })]);
    producer.sync([
      schedule({ id: 'a', cron: '*/5 * * * * *' }),
      schedule({ id: 'b', enabled: false }),
    ]);
    producer.sync([schedule({ id: 'a', cron: '*/5 * * * * *' }), schedule({ id: 'd' })]);

    expect(producer.armedIds()).toEqual(['a', 'd']);
    clock.stop();
    await producer.stop();
  });

  it('produces nothing for schedules another node owns', async () => {
    const { producer, produced, clock } = start({ isOwner: false });
    producer.sync([schedule({})]);

    await vi.advanceTimersByTimeAsync(3_000);

    expect(produced).toEqual([]);
    clock.stop();
    await producer.stop();
  });

  describe('when the laptop sleeps for two hours', () => {
    it('produces no burst of stale ticks under skip', async () => {
      const { producer, produced, clock } = start();
      producer.sync([schedule({ misfire: 'skip' })]);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(produced).toEqual(['tick.s1.1777629601000']);

      // Sleep: the wall clock moves on, monotonic timers do not.
      vi.setSystemTime(Date.now() + 2 * 3_600_000);
      await vi.advanceTimersByTimeAsync(1_000);

      // 10:00:01 before the sleep, then only ticks after waking: 12:00:02.
      expect(produced).toEqual(['tick.s1.1777629601000', 'tick.s1.1777636802000']);
      clock.stop();
      await producer.stop();
    });

    it('runs the latest missed tick once under run-latest', async () => {
      const { producer, produced, clock } = start();
      producer.sync([schedule({ cron: '0 * * * * *', misfire: 'run-latest' })]);

      vi.setSystemTime(Date.now() + 2 * 3_600_000);
      // The clock watch notices the jump within its 1 s interval and re-arms at once.
      await vi.advanceTimersByTimeAsync(1_050);

      // The latest minute tick before 12:00:01.5 is 12:00:00.
      expect(produced).toEqual(['tick.s1.1777636800000']);
      clock.stop();
      await producer.stop();
    });
  });
});
