import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../main/log/logger.js';
import { openConnection, type Connection } from '../../../main/connection/connection.js';
import { dipperKeys } from '../../../main/connection/keys.js';
import { createQueueRegistry } from '../../../main/queues/queue-registry.js';
import { startPendingSweeper } from '../../../main/scheduler/pending-sweeper.js';
import { createTickStore } from '../../../main/scheduler/tick-store.js';
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
});
