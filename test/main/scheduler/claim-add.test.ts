import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConnection, type Connection } from '../../../main/connection/connection.js';
import { dipperKeys } from '../../../main/connection/keys.js';
import { createLogger } from '../../../main/log/logger.js';
import { createQueueRegistry, type QueueRegistry } from '../../../main/queues/queue-registry.js';
import { bullOptsJson } from '../../../main/scheduler/claim-add.js';
import { claimAndAddTicks } from '../../../main/scheduler/enqueue.js';
import { jobOptionsFor } from '../../../main/scheduler/job-options.js';
import { createTickStore, type TickStore } from '../../../main/scheduler/tick-store.js';
import { ScheduleSchema, type ScheduleInput } from '../../../shared/schedule.js';
import { startTestRedis, uniquePrefix, type TestRedis } from '../../harness/redis.js';
import { waitFor } from '../../harness/wait.js';

const log = createLogger('test');

const schedule = (input: Partial<ScheduleInput>) =>
  ScheduleSchema.parse({
    id: 's1',
    name: 's1',
    cron: '* * * * * *',
    queue: 'q',
    job: 'echo',
    data: { n: 1 },
    ...input,
  });

describe('bullOptsJson', () => {
  it('spells the options exactly as Bull stores jobOptionsFor with its defaults', () => {
    const variants = [
      schedule({}),
      schedule({ options: { attempts: 4, keepCompleted: 0, keepFailed: 7 } }),
      schedule({ options: { attempts: 2, backoff: { type: 'fixed', delayMs: 0 }, timeoutMs: 1 } }),
    ];

    for (const s of variants) {
      const expected = JSON.stringify({ ...jobOptionsFor(s, 1_000), delay: 0, timestamp: 42 });
      expect(bullOptsJson(s, 1_000, 42)).toBe(expected);
    }
  });
});

describe('tickStore.claimAndAdd', () => {
  let redis: TestRedis;
  let connection: Connection;
  let queues: QueueRegistry;
  let store: TickStore;
  let prefix: string;

  beforeAll(async () => {
    redis = await startTestRedis();
    prefix = uniquePrefix('claim-add');
    connection = openConnection(
      { kind: 'standalone', options: { host: '127.0.0.1', port: redis.port } },
      prefix,
      log,
    );
    queues = createQueueRegistry(connection, log);
    store = createTickStore(connection.client, dipperKeys(prefix));
  });

  afterAll(async () => {
    await queues.closeAll();
    await connection.close();
    await redis.stop();
  });

  it('writes the job exactly as Bull’s own add writes it', async () => {
    const s = schedule({
      id: 'same',
      queue: 'layout',
      data: { text: 'ünïcode "quoted"\nline two \u2028', list: [1, 2] },
      options: { attempts: 3, backoff: { type: 'exponential', delayMs: 250 }, timeoutMs: 900 },
    });
    const queue = queues.get('layout');
    const bullOpts = { ...jobOptionsFor(s, 2_000), jobId: 'by-bull' };
    await queue.add(s.job, s.data, bullOpts);

    const added = await store.claimAndAdd(queue, [{ schedule: s, tickMs: 2_000 }], 'n1');

    expect(added.map((t) => t.jobId)).toEqual(['tick.same.2000']);
    const ours = await connection.client.hgetall(queue.toKey('tick.same.2000'));
    const bulls = await connection.client.hgetall(queue.toKey('by-bull'));
    expect(Object.keys(ours).sort()).toEqual(Object.keys(bulls).sort());
    expect(ours.name).toBe('echo');
    expect(ours.data).toBe(bulls.data);
    expect([ours.delay, ours.priority]).toEqual([bulls.delay, bulls.priority]);
    const { timestamp: ourTs, ...ourOpts } = JSON.parse(ours.opts ?? '') as Record<string, unknown>;
    const { timestamp: bullTs, ...bullOpts2 } = JSON.parse(bulls.opts ?? '') as Record<
      string,
      unknown
    >;
    expect({ ...ourOpts, jobId: 'by-bull' }).toEqual(bullOpts2);
    expect(ourTs).toBe(Number(ours.timestamp));
    expect(Math.abs(Number(ours.timestamp) - Number(bullTs))).toBeLessThan(5_000);
    // FIFO: Bull pushes on the left and takes from the right; the older add runs first.
    expect(await connection.client.lrange(queue.toKey('wait'), 0, -1)).toEqual([
      'tick.same.2000',
      'by-bull',
    ]);
  });

  it('grants a tick once, and never one at or before a tick already granted', async () => {
    const s = schedule({ id: 'once', queue: 'once' });
    const queue = queues.get('once');

    const first = await store.claimAndAdd(queue, [{ schedule: s, tickMs: 5_000 }], 'n1');
    const again = await store.claimAndAdd(queue, [{ schedule: s, tickMs: 5_000 }], 'n2');
    const older = await store.claimAndAdd(queue, [{ schedule: s, tickMs: 4_000 }], 'n2');
    // A tick claimed through Bull's path (pending) blocks the same tick here too.
    await store.claimFlags([{ scheduleId: 'once', tickMs: 6_000 }], 7_000);
    const pendingElsewhere = await store.claimAndAdd(queue, [{ schedule: s, tickMs: 6_000 }], 'n2');

    expect(first.map((t) => [t.jobId, t.nodeId])).toEqual([['tick.once.5000', 'n1']]);
    expect([again, older, pendingElsewhere]).toEqual([[], [], []]);
    expect(await connection.client.lrange(queue.toKey('wait'), 0, -1)).toEqual(['tick.once.5000']);
    const ledger = await store.readLedger('once', 10);
    expect(ledger.map((e) => [e.event, e.tickMs, e.jobId, e.nodeId])).toEqual([
      ['produced', 5_000, 'tick.once.5000', 'n1'],
    ]);
    expect(ledger[0]?.lagMs).toBe((first[0]?.atMs ?? 0) - 5_000);
  });

  it('adds to the paused list of a globally paused queue, and the job runs after resume', async () => {
    const s = schedule({ id: 'held', queue: 'held', data: { v: 'held' } });
    const queue = queues.get('held');
    await queue.pause();

    await store.claimAndAdd(queue, [{ schedule: s, tickMs: 9_000 }], 'n1');

    expect(await connection.client.lrange(queue.toKey('paused'), 0, -1)).toEqual([
      'tick.held.9000',
    ]);
    expect(await connection.client.llen(queue.toKey('wait'))).toBe(0);
    const seen: unknown[] = [];
    void queue.process('echo', async (job) => {
      seen.push(job.data);
      return job.data as unknown;
    });
    await queue.resume();
    await waitFor(() => seen.length === 1, 'the held job to run');
    expect(seen).toEqual([{ v: 'held' }]);
    const job = await queue.getJob('tick.held.9000');
    await waitFor(async () => (await job?.finished()) !== undefined, 'the job to finish');
    expect(await job?.getState()).toBe('completed');
  });

  it('retries a failing job with the schedule’s attempts, as Bull would', async () => {
    const s = schedule({
      id: 'retry',
      queue: 'retry',
      options: { attempts: 2, backoff: { type: 'fixed', delayMs: 10 } },
    });
    const queue = queues.get('retry');
    let runs = 0;
    void queue.process('echo', async () => {
      runs += 1;
      if (runs === 1) throw new Error('first attempt fails');
      return 'second';
    });

    await store.claimAndAdd(queue, [{ schedule: s, tickMs: 1_000 }], 'n1');

    await waitFor(
      async () => (await queue.getJob('tick.retry.1000'))?.returnvalue === 'second',
      'the second attempt to complete',
    );
    expect(runs).toBe(2);
  });

  describe('when a pass mixes plain and prioritised schedules', () => {
    it('adds each tick once, the prioritised one through Bull with its priority', async () => {
      const plain = schedule({ id: 'plain', queue: 'mixed' });
      const urgent = schedule({ id: 'urgent', queue: 'mixed', options: { priority: 1 } });
      const claims = [
        { schedule: plain, tickMs: 3_000 },
        { schedule: urgent, tickMs: 3_000 },
      ];

      const produced = await claimAndAddTicks(claims, 3_100, queues, store, 'n1', Date.now);
      const again = await claimAndAddTicks(claims, 3_200, queues, store, 'n2', Date.now);

      expect(produced.map((t) => t.jobId).sort()).toEqual(['tick.plain.3000', 'tick.urgent.3000']);
      expect(again).toEqual([]);
      const queue = queues.get('mixed');
      expect((await queue.getJob('tick.urgent.3000'))?.opts.priority).toBe(1);
      expect(await queue.getWaitingCount()).toBe(2);
      for (const id of ['plain', 'urgent']) {
        const ledger = await store.readLedger(id, 10);
        expect(ledger.map((e) => [e.event, e.jobId])).toEqual([['produced', `tick.${id}.3000`]]);
      }
      // Neither is left pending for the sweeper.
      const pending = await store.stalePending(Number.MAX_SAFE_INTEGER, 0);
      expect(pending.filter((p) => p.scheduleId !== 'once')).toEqual([]);
    });
  });
});
