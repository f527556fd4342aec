import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeMetrics, serveMetrics } from '../../../main/node/metrics.js';
import { builtinProcessors } from '../../../main/queues/builtin-processors.js';
import { startConsumer } from '../../../main/queues/consumer.js';
import { createProcessorRegistry } from '../../../main/queues/processor.js';
import { startTestRedis, type TestRedis } from '../../harness/redis.js';
import { openTestNode, quietLog, uniquePrefix, waitFor } from '../queues/queue-harness.js';

/** The sample lines of a Prometheus text exposition, without HELP and TYPE comments. */
function samples(text: string): string[] {
  return text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
}

describe('createNodeMetrics', () => {
  it('renders ticks, tick lag, jobs, Redis round trip and up', async () => {
    const metrics = createNodeMetrics();

    metrics.tickProduced('nightly', 250);
    metrics.tickProduced('nightly', 250);
    metrics.tickProduced('hourly', 20);
    metrics.jobFinished('reports', 'completed');
    metrics.jobFinished('reports', 'failed');
    metrics.jobFinished('reports', 'completed');
    metrics.setRedisRtt(1.5);

    const lines = samples(await metrics.render());
    expect(lines).toEqual(
      expect.arrayContaining([
        'dipper_ticks_produced_total{schedule="nightly"} 2',
        'dipper_ticks_produced_total{schedule="hourly"} 1',
        'dipper_tick_lag_seconds_bucket{le="0.01"} 0',
        'dipper_tick_lag_seconds_bucket{le="0.05"} 1',
        'dipper_tick_lag_seconds_bucket{le="0.25"} 3',
        'dipper_tick_lag_seconds_bucket{le="+Inf"} 3',
        'dipper_tick_lag_seconds_sum 0.52',
        'dipper_tick_lag_seconds_count 3',
        'dipper_jobs_processed_total{queue="reports",outcome="completed"} 2',
        'dipper_jobs_processed_total{queue="reports",outcome="failed"} 1',
        'dipper_redis_rtt_seconds 0.0015',
        'dipper_node_up 1',
      ]),
    );
  });

  it('keeps its metrics out of other registries', async () => {
    const first = createNodeMetrics();
    const second = createNodeMetrics();

    first.jobFinished('a', 'completed');

    expect(await second.render()).not.toContain('queue="a"');
  });

  describe('when the node goes down', () => {
    it('reports up as 0', async () => {
      const metrics = createNodeMetrics();

      metrics.setNodeUp(false);

      expect(samples(await metrics.render())).toContain('dipper_node_up 0');
    });
  });
});

describe('serveMetrics', () => {
  let redis: TestRedis;

  beforeAll(async () => {
    redis = await startTestRedis({ appendOnly: false });
  });

  afterAll(async () => {
    await redis.stop();
  });

  it('answers GET /metrics in the text format and 404 otherwise', async () => {
    const metrics = createNodeMetrics();
    const server = await serveMetrics(metrics, 0);
    const base = `http://127.0.0.1:${server.port}`;

    const ok = await fetch(`${base}/metrics`);
    const other = await fetch(`${base}/other`);
    const post = await fetch(`${base}/metrics`, { method: 'POST' });

    expect(server.port).toBeGreaterThan(0);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(samples(await ok.text())).toContain('dipper_node_up 1');
    expect(other.status).toBe(404);
    expect(post.status).toBe(404);
    await server.close();
  });

  describe('when a consumer feeds it job outcomes', () => {
    it('serves the processed counts by queue and outcome', async () => {
      const metrics = createNodeMetrics();
      const server = await serveMetrics(metrics, 0);
      const node = openTestNode(redis.port, uniquePrefix('metrics'));
      let finished = 0;
      const consumer = startConsumer({
        registry: node.registry,
        queues: ['mail', 'billing'],
        concurrency: 2,
        processors: createProcessorRegistry(builtinProcessors()),
        log: quietLog,
        onOutcome: (e) => {
          metrics.jobFinished(e.queue, e.outcome);
          finished += 1;
        },
      });

      await node.registry.get('mail').add('echo', { n: 1 });
      await node.registry.get('mail').add('echo', { n: 2 });
      await node.registry.get('mail').add('echo', { failTimes: 1 });
      await node.registry.get('billing').add('echo', { n: 3 });
      await node.registry.get('billing').add('unknown.job', {});
      await waitFor(() => finished === 5, 'five outcomes');
      const text = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();

      expect(
        samples(text)
          .filter((l) => l.startsWith('dipper_jobs_processed_total'))
          .sort(),
      ).toEqual([
        'dipper_jobs_processed_total{queue="billing",outcome="completed"} 1',
        'dipper_jobs_processed_total{queue="billing",outcome="failed"} 1',
        'dipper_jobs_processed_total{queue="mail",outcome="completed"} 2',
        'dipper_jobs_processed_total{queue="mail",outcome="failed"} 1',
      ]);
      await consumer.stop(1_000);
      await node.close();
      await server.close();
    });
  });
});
