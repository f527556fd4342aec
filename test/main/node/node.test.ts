import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../main/log/logger.js';
import { startNode, type DipperNode } from '../../../main/node/node.js';
import { builtinProcessors } from '../../../main/queues/builtin-processors.js';
import { createProcessorRegistry } from '../../../main/queues/processor.js';
import { startTestRedis, uniquePrefix, type TestRedis } from '../../harness/redis.js';
import { waitFor } from '../../harness/wait.js';

describe('startNode', () => {
  let redis: TestRedis;
  let node: DipperNode;

  beforeAll(async () => {
    redis = await startTestRedis();
    node = await startNode({
      target: { kind: 'standalone', options: { host: '127.0.0.1', port: redis.port } },
      prefix: uniquePrefix('node'),
      processors: createProcessorRegistry(builtinProcessors()),
      log: createLogger('test'),
    });
  });

  afterAll(async () => {
    await node?.stop();
    await redis?.stop();
  });

  it('produces and runs one echo job per second for an every-second schedule', async () => {
    const saved = await node.store.save(
      {
        id: 'every-second',
        name: 'every second',
        cron: '* * * * * *',
        queue: 'q1',
        job: 'echo',
        data: { n: 1 },
      },
      'create',
    );
    expect(saved.ok).toBe(true);

    const events = await waitFor(async () => {
      const ledger = await node.tickStore.readLedger('every-second', 100);
      return ledger.filter((e) => e.event === 'completed').length >= 3 ? ledger : null;
    }, 'three completed ticks');

    const produced = events.filter((e) => e.event === 'produced');
    const ticks = produced.map((e) => e.tickMs).sort();
    expect(new Set(ticks).size).toBe(ticks.length);
    for (const t of ticks) expect(t % 1000).toBe(0);
    const job = await node.queues.get('q1').getJob(`tick.every-second.${ticks[0]}`);
    expect(job?.returnvalue).toEqual({ n: 1 });
  });
});
