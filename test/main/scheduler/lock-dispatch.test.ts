import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { dipperKeys } from '../../../main/connection/keys.js';
import { createLogger } from '../../../main/log/logger.js';
import { createLockDispatcher, type InPlaceRunner } from '../../../main/scheduler/lock-dispatch.js';
import { createTickStore } from '../../../main/scheduler/tick-store.js';
import { ScheduleSchema } from '../../../shared/schedule.js';
import { startTestRedis, uniquePrefix, type TestRedis } from '../../harness/redis.js';
import { waitFor } from '../../harness/wait.js';

const log = createLogger('test');
const schedule = ScheduleSchema.parse({
  id: 'legacy',
  name: 'legacy',
  cron: '* * * * * *',
  queue: 'q',
  job: 'echo',
  dispatch: 'lock',
});

describe('createLockDispatcher', () => {
  let redis: TestRedis;
  const clients: Redis[] = [];

  beforeAll(async () => {
    redis = await startTestRedis();
  });

  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await redis.stop();
  });

  function dispatcher(
    prefix: string,
    nodeId: string,
    runTask: InPlaceRunner,
    lockDurationMs = 2_000,
  ) {
    const client = new Redis(redis.port, '127.0.0.1');
    clients.push(client);
    const keys = dipperKeys(prefix);
    const tickStore = createTickStore(client, keys);

    return {
      tickStore,
      client,
      keys,
      lock: createLockDispatcher({ client, keys, nodeId, tickStore, runTask, log, lockDurationMs }),
    };
  }

  it('runs each tick on exactly one of three competing nodes', async () => {
    const prefix = uniquePrefix('lock');
    const runs: string[] = [];
    const nodes = ['a', 'b', 'c'].map((id) =>
      dispatcher(prefix, id, async (_s, tickMs) => {
        runs.push(`${id}@${tickMs}`);
      }),
    );

    for (const tick of [1_000, 2_000, 3_000])
      for (const n of nodes) n.lock.dispatch(schedule, tick);
    await Promise.all(nodes.map((n) => n.lock.idle()));

    expect(runs.map((r) => r.split('@')[1]).sort()).toEqual(['1000', '2000', '3000']);
    const ledger = await nodes[0]!.tickStore.readLedger('legacy', 100);
    expect(ledger.filter((e) => e.event === 'lock-won')).toHaveLength(3);
    expect(ledger.filter((e) => e.event === 'completed')).toHaveLength(3);
  });

  it('keeps the lock alive for a task longer than the lock duration', async () => {
    const prefix = uniquePrefix('lock-long');
    let wasAborted = true;
    const node = dispatcher(
      prefix,
      'a',
      async (_s, _t, signal) => {
        await new Promise((r) => setTimeout(r, 1_500));
        wasAborted = signal.aborted;
      },
      600,
    );

    node.lock.dispatch(schedule, 5_000);
    await node.lock.idle();

    expect(wasAborted).toBe(false);
  });

  describe('when the acquired lock has less time left than the task needs to start', () => {
    it('does not run the task and leaves no ledger entry', async () => {
      const prefix = uniquePrefix('lock-short');
      const client = new Redis(redis.port, '127.0.0.1');
      clients.push(client);
      const keys = dipperKeys(prefix);
      const tickStore = createTickStore(client, keys);
      const runs: number[] = [];
      const lock = createLockDispatcher({
        client,
        keys,
        nodeId: 'a',
        tickStore,
        log,
        lockDurationMs: 1_000,
        // More than the whole lifetime: every acquired lock counts as too close to expiry.
        minRemainingMs: 1_500,
        runTask: async (_s, tickMs) => {
          runs.push(tickMs);
        },
      });

      lock.dispatch(schedule, 9_000);
      await lock.idle();

      expect(runs).toEqual([]);
      expect(await tickStore.readLedger('legacy', 10)).toEqual([]);
    });
  });

  describe('when the lock cannot be extended', () => {
    it('aborts the task before its side effect', async () => {
      const prefix = uniquePrefix('lock-lost');
      const sideEffects: number[] = [];
      const node = dispatcher(
        prefix,
        'a',
        async (_s, tickMs, signal) => {
          // The lock key disappears (a failover, an operator): the next extension fails.
          await node.client.del(node.keys.lock('legacy', tickMs));
          await waitFor(() => signal.aborted, 'the abort signal', 5_000, 20);
          if (!signal.aborted) sideEffects.push(tickMs);
          throw signal.reason as Error;
        },
        600,
      );

      node.lock.dispatch(schedule, 7_000);
      await node.lock.idle();

      expect(sideEffects).toEqual([]);
      const ledger = await node.tickStore.readLedger('legacy', 10);
      expect(ledger[0]).toMatchObject({
        event: 'failed',
        tickMs: 7_000,
        error: 'lock extension failed',
      });
    });
  });
});
