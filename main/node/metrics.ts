import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Tick lag buckets, in seconds: healthy lag is tens of ms, a sleeping laptop is minutes. */
const TICK_LAG_BUCKETS_S = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

/** This node's metrics, in a registry of their own so nothing else leaks into the output. */
export interface NodeMetrics {
  /** `lagMs` is how long after its fire time the Tick was produced. */
  tickProduced(scheduleId: string, lagMs: number): void;
  jobFinished(queue: string, outcome: 'completed' | 'failed'): void;
  setRedisRtt(ms: number): void;
  setNodeUp(isUp: boolean): void;
  /** The Prometheus text exposition of every metric. */
  render(): Promise<string>;
  contentType: string;
}

// TODO: one series per Schedule and per Queue; fine below ~10k, beyond that drop the label.
export function createNodeMetrics(): NodeMetrics {
  const registry = new Registry();
  const ticks = new Counter({
    name: 'dipper_ticks_produced_total',
    help: 'Ticks this node produced a Job for, by Schedule.',
    labelNames: ['schedule'] as const,
    registers: [registry],
  });
  const tickLag = new Histogram({
    name: 'dipper_tick_lag_seconds',
    help: 'Time from a Tick fire time to its Job being added.',
    buckets: TICK_LAG_BUCKETS_S,
    registers: [registry],
  });
  const jobs = new Counter({
    name: 'dipper_jobs_processed_total',
    help: 'Job attempts this node finished, by Queue and outcome.',
    labelNames: ['queue', 'outcome'] as const,
    registers: [registry],
  });
  const redisRtt = new Gauge({
    name: 'dipper_redis_rtt_seconds',
    help: 'Round trip of the last PING to Redis.',
    registers: [registry],
  });
  const up = new Gauge({
    name: 'dipper_node_up',
    help: '1 while this node takes part in scheduling and processing.',
    registers: [registry],
  });
  up.set(1);

  return {
    tickProduced(scheduleId, lagMs) {
      ticks.inc({ schedule: scheduleId });
      tickLag.observe(Math.max(0, lagMs) / 1000);
    },
    jobFinished: (queue, outcome) => jobs.inc({ queue, outcome }),
    setRedisRtt: (ms) => redisRtt.set(ms / 1000),
    setNodeUp: (isUp) => up.set(isUp ? 1 : 0),
    render: () => registry.metrics(),
    contentType: registry.contentType,
  };
}

export interface MetricsServer {
  /** The bound port; differs from the requested one when that was 0. */
  port: number;
  close(): Promise<void>;
}

/** Serves `GET /metrics`; anything else is 404. Port 0 picks a free port. */
export async function serveMetrics(
  metrics: NodeMetrics,
  port: number,
  host = '127.0.0.1',
): Promise<MetricsServer> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }

    metrics.render().then(
      (text) => res.writeHead(200, { 'content-type': metrics.contentType }).end(text),
      (error: Error) => res.writeHead(500).end(`metrics failed: ${error.message}\n`),
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Scrapers keep connections alive; without this close() waits for them to time out.
        server.closeAllConnections();
      }),
  };
}
