// Decision to delivery: 1,000 Rules due at the same second all start firing at that tick. For
// each Rule: when its evaluation completed and when its webhook Notification arrived at the
// receiver, both relative to the tick, on one node at concurrency 50 (both queues).
// Run: node --expose-gc --import tsx bench/alert-delivery.ts
import { createAlertingConfig, EVALUATE_JOB } from '../main/alerts/config-stores.js';
import { openConnection } from '../main/connection/connection.js';
import { dipperKeys } from '../main/connection/keys.js';
import { createLogger } from '../main/log/logger.js';
import { startNode } from '../main/node/node.js';
import { createProcessorRegistry } from '../main/queues/processor.js';
import { createScheduleStore } from '../main/scheduler/schedule-store.js';
import { parseTickJobId } from '../main/scheduler/tick-id.js';
import { percentile, redisCpuMs, startBenchHttpServer, topCommands } from './alert-support.js';
import { cronAtSecond, nextSecondAfter, report, startBenchRedis, until } from './support.js';

const RULES = Number(process.env.ALERT_DELIVERY_RULES ?? 1_000);
const CONCURRENCY = 50;
/** Time to create the Rules and start the node before the tick, in ms. */
const LEAD_MS = 20_000;
const log = createLogger('bench');

function spread(values: number[]) {
  return {
    p50: percentile(values, 50),
    p99: percentile(values, 99),
    max: Math.max(...values),
  };
}

async function main(): Promise<void> {
  const redis = await startBenchRedis();
  const server = await startBenchHttpServer(0);
  const prefix = 'bench-delivery';
  const connection = openConnection(redis.target, prefix, log);
  const config = createAlertingConfig(
    connection.client,
    prefix,
    createScheduleStore(connection.client, dipperKeys(prefix), log),
    log,
  );

  try {
    await server.setValue(1);
    await config.sources.save({
      id: 'metric',
      name: 'metric',
      config: { kind: 'http-json', url: `${server.url}/value`, valuePath: '$.value' },
    });
    await config.channels.save({
      id: 'hook',
      name: 'hook',
      kind: 'webhook',
      url: `${server.url}/hook`,
    });
    await config.routes.save({
      id: 'all',
      channels: ['hook'],
      groupWaitMs: 0,
      groupIntervalMs: 0,
    });
    const tickMs = nextSecondAfter(LEAD_MS);
    for (let i = 0; i < RULES; i++) {
      const saved = await config.saveRule({
        id: `r${i}`,
        name: `rule ${i}`,
        source: { sourceId: 'metric', query: 'value' },
        condition: { op: '>', threshold: 10 },
        evaluate: { cron: cronAtSecond(tickMs) },
        severity: 'critical',
        summary: '{{ $value }} is above {{ $threshold }}',
      });
      if (!saved.ok) throw new Error(saved.message);
    }

    const decidedMs: number[] = [];
    const node = await startNode({
      target: redis.target,
      prefix,
      processors: createProcessorRegistry(),
      log,
      queues: [],
      concurrency: CONCURRENCY,
      onOutcome: (o) => {
        if (o.name === EVALUATE_JOB && parseTickJobId(o.jobId)?.fireMs === tickMs) {
          decidedMs.push(Date.now() - tickMs);
        }
      },
    });
    const setupLeftMs = tickMs - Date.now();
    if (setupLeftMs < 2_000) throw new Error(`setup left ${setupLeftMs} ms before the tick`);
    await new Promise((r) => setTimeout(r, tickMs - 1_000 - Date.now()));
    await server.setValue(50);
    await redis.admin.config('RESETSTAT');
    const redisCpuBefore = await redisCpuMs(redis.admin);
    const cpuBefore = process.cpuUsage();

    let arrivals: { key: string; atMs: number }[] = [];
    await until(
      async () => {
        arrivals = await server.arrivals();
        return arrivals.length >= RULES;
      },
      120_000,
      250,
    );
    const nodeCpu = process.cpuUsage(cpuBefore);
    const redisCpu = (await redisCpuMs(redis.admin)) - redisCpuBefore;
    const commands = await topCommands(redis.admin, 8);
    // A bounded window for duplicates, which would arrive late.
    await new Promise((r) => setTimeout(r, 2_000));
    arrivals = await server.arrivals();
    await node.stop();

    const keys = new Set(arrivals.map((a) => a.key));
    const isAtTick = arrivals.every((a) => a.key.endsWith(`.firing.${tickMs}`));
    const delivered = spread(arrivals.map((a) => a.atMs - tickMs));
    const decided = spread(decidedMs);
    report('alert-delivery', {
      rules: RULES,
      concurrency: CONCURRENCY,
      arrivals: arrivals.length,
      distinctKeys: keys.size,
      keysAtTick: isAtTick ? 'yes' : 'no',
      evaluatedP50Ms: decided.p50,
      evaluatedP99Ms: decided.p99,
      evaluatedMaxMs: decided.max,
      deliveredP50Ms: delivered.p50,
      deliveredP99Ms: delivered.p99,
      deliveredMaxMs: delivered.max,
      nodeCpuMs: (nodeCpu.user + nodeCpu.system) / 1000,
      redisCpuMs: redisCpu,
    });
    process.stdout.write(`alert-delivery redis time by command: ${commands}\n`);
  } finally {
    await connection.close();
    await server.stop();
    await redis.stop();
  }
}

await main();
