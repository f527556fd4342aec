import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../main/log/logger.js';
import { openConnection, type Connection } from '../../../main/connection/connection.js';
import { dipperKeys } from '../../../main/connection/keys.js';
import { createQueueRegistry } from '../../../main/queues/queue-registry.js';
import { startPendingSweeper } from '../../../main/scheduler/pending-sweeper.js';
import { createTickStore, LEDGER_MAX_ENTRIES } from '../../../main/scheduler/tick-store.js';
import { ScheduleSchema } from '../../../shared/schedule.js';
import { startTestRedis, uniquePrefix, type TestRedis } from '../../harness/redis.js';

const log = createLogger('test');

describe('createTickStore', () => {
  let redis: TestRedis;
  let connection: Connection;

  beforeAll(async () => {
    redis = await startTestRedis();
    connection = openConnection(
      { kind: 'standalone', options: { host: '127.0.0.1', port: redis.port } },
      uniquePrefix('ticks'),
      log,
    );
  });

  afterAll(async () => {
    await connection.close();
    await redis.stop();
  });

  it('grants a tick once, and never a tick at or before one already granted', async () => {
    const store = createTickStore(connection.client, dipperKeys(uniquePrefix('claim')));

    const first = await store.claim([{ scheduleId: 'a', tickMs: 2_000 }], 10_000);
    const again = await store.claim([{ scheduleId: 'a', tickMs: 2_000 }], 10_001);
    const older = await store.claim([{ scheduleId: 'a', tickMs: 1_000 }], 10_002);
    const later = await store.claim(
      [
        { scheduleId: 'a', tickMs: 3_000 },
        { scheduleId: 'b', tickMs: 1_000 },
      ],
      10_003,
    );

    expect(first).toEqual([{ scheduleId: 'a', tickMs: 2_000 }]);
    expect(again).toEqual([]);
    expect(older).toEqual([]);
    expect(later).toEqual([
      { scheduleId: 'a', tickMs: 3_000 },
      { scheduleId: 'b', tickMs: 1_000 },
    ]);
  });

  describe('when a node dies between claiming a tick and adding its job', () => {
    it('lets the sweeper on another node add the job exactly once', async () => {
      const prefix = uniquePrefix('sweep');
      const keys = dipperKeys(prefix);
      const store = createTickStore(connection.client, keys);
      const queues = createQueueRegistry({ ...connection, prefix }, log);
      const schedule = ScheduleSchema.parse({
        id: 'orphan',
        name: 'orphan',
        cron: '* * * * * *',
        queue: 'sweep-q',
        job: 'echo',
        data: { n: 7 },
      });
      await store.claim([{ scheduleId: 'orphan', tickMs: 5_000 }], 6_000);

      const sweepers = ['n1', 'n2'].map((nodeId) =>
        startPendingSweeper({
          tickStore: store,
          queues,
          nodeId,
          now: () => 30_000,
          log,
          schedule: () => schedule,
          staleAfterMs: 15_000,
          intervalMs: 60_000,
        }),
      );
      const swept = await Promise.all(sweepers.map((s) => s.sweep()));
      for (const s of sweepers) s.stop();

      expect(swept.sort()).toEqual([0, 1]);
      const job = await queues.get('sweep-q').getJob('tick.orphan.5000');
      expect(job?.data).toEqual({ n: 7 });
      expect(await connection.client.hget(keys.watermarks, 'orphan')).toBe('5000');
      const ledger = await store.readLedger('orphan', 10);
      expect(ledger.map((e) => [e.event, e.tickMs, e.jobId])).toEqual([
        ['produced', 5_000, 'tick.orphan.5000'],
      ]);
      await queues.closeAll();
    });
  });

  describe('the ledger', () => {
    it('keeps the newest entries per schedule, newest first, and drops outcomes of a removed schedule', async () => {
      const keys = dipperKeys(uniquePrefix('ledger'));
      const store = createTickStore(connection.client, keys);
      await store.append('kept', { tickMs: 0, event: 'produced', nodeId: 'n|1 "quoted"', atMs: 1 });
      const outcomes = Array.from({ length: LEDGER_MAX_ENTRIES }, (_, i) => ({
        scheduleId: 'kept',
        event: {
          tickMs: i + 1,
          event: 'failed' as const,
          nodeId: 'n1',
          atMs: i + 2,
          attempt: 2,
          error: `boom "${i}"\nünï`,
        },
      }));

      await store.appendMany([
        ...outcomes,
        { scheduleId: 'gone', event: { tickMs: 5, event: 'completed', nodeId: 'n1', atMs: 6 } },
      ]);

      const events = await store.readLedger('kept', 3);
      expect(events).toEqual([
        {
          tickMs: 2_000,
          event: 'failed',
          nodeId: 'n1',
          atMs: 2_001,
          attempt: 2,
          error: 'boom "1999"\nünï',
        },
        {
          tickMs: 1_999,
          event: 'failed',
          nodeId: 'n1',
          atMs: 2_000,
          attempt: 2,
          error: 'boom "1998"\nünï',
        },
        {
          tickMs: 1_998,
          event: 'failed',
          nodeId: 'n1',
          atMs: 1_999,
          attempt: 2,
          error: 'boom "1997"\nünï',
        },
      ]);
      // The first entry (tick 0) was trimmed: exactly LEDGER_MAX_ENTRIES are kept.
      const all = await store.readLedger('kept', 10_000);
      expect(all.length).toBe(LEDGER_MAX_ENTRIES);
      expect(all.at(-1)?.tickMs).toBe(1);
      expect(await store.readLedger('gone', 10)).toEqual([]);
      expect(await connection.client.exists(keys.ledger('gone'))).toBe(0);
    });

    it('reads a stream ledger of an earlier version after the newer entries', async () => {
      const keys = dipperKeys(uniquePrefix('legacy'));
      const store = createTickStore(connection.client, keys);
      await connection.client.xadd(
        keys.legacyLedger('old'),
        '*',
        't',
        '1000',
        'e',
        'produced',
        'n',
        'n0',
        'at',
        '1002',
        'j',
        'tick.old.1000',
        'l',
        '2',
      );
      await connection.client.xadd(
        keys.legacyLedger('old'),
        '*',
        't',
        '1000',
        'e',
        'completed',
        'n',
        'n0',
        'at',
        '1010',
        'a',
        '1',
      );
      await store.append('old', {
        tickMs: 2_000,
        event: 'skipped',
        nodeId: 'n1',
        atMs: 2_500,
        count: 4,
      });

      const events = await store.readLedger('old', 10);

      expect(events).toEqual([
        { tickMs: 2_000, event: 'skipped', nodeId: 'n1', atMs: 2_500, count: 4 },
        { tickMs: 1_000, event: 'completed', nodeId: 'n0', atMs: 1_010, attempt: 1 },
        {
          tickMs: 1_000,
          event: 'produced',
          nodeId: 'n0',
          atMs: 1_002,
          jobId: 'tick.old.1000',
          lagMs: 2,
        },
      ]);
      expect((await store.readLedger('old', 2)).map((e) => e.event)).toEqual([
        'skipped',
        'completed',
      ]);
      await store.forget('old');
      expect(await store.readLedger('old', 10)).toEqual([]);
    });
  });
});
