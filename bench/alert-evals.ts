// Evaluations per second on one node against an HTTP source that answers in a fixed 20 ms, at
// consumer concurrency C. The ideal is C / 20 ms; the floor of this machine is C loops of plain
// fetch() against the same source, measured in the same run.
// Run: node --expose-gc --import tsx bench/alert-evals.ts
import { ALERTS_QUEUE } from '../main/alerts/alerting.js';
import {
  createAlertingConfig,
  EVALUATE_JOB,
  ruleScheduleId,
} from '../main/alerts/config-stores.js';
import { openConnection } from '../main/connection/connection.js';
import { dipperKeys } from '../main/connection/keys.js';
import { createLogger } from '../main/log/logger.js';
import { startNode } from '../main/node/node.js';
import { createProcessorRegistry } from '../main/queues/processor.js';
import { createQueueRegistry } from '../main/queues/queue-registry.js';
import { createScheduleStore } from '../main/scheduler/schedule-store.js';
import { tickJobId } from '../main/scheduler/tick-id.js';
import { percentile, startBenchHttpServer, type BenchHttpServer } from './alert-support.js';
import { report, startBenchRedis, totalCommands, until } from './support.js';

const SOURCE_DELAY_MS = 20;
const RULES = 1_000;
/** Evaluations per unit of concurrency: at the ideal rate every run lasts this many × 20 ms. */
const EVALS_PER_SLOT = Number(process.env.ALERT_EVALS_PER_SLOT ?? 500);
const CONCURRENCIES = [10, 50];
const PLAIN_FETCH_MS = 5_000;
const log = createLogger('bench');

type BenchRedis = Awaited<ReturnType<typeof startBenchRedis>>;

/** Answers per second of `concurrency` loops of fetch() + JSON parse against the source. */
async function measurePlainFetch(url: string, concurrency: number): Promise<number> {
  const endAt = performance.now() + PLAIN_FETCH_MS;
  let answered = 0;
  const loop = async () => {
    while (performance.now() < endAt) {
      await (await fetch(url)).json();
      answered += 1;
    }
  };
  const startedAt = performance.now();
  await Promise.all(Array.from({ length: concurrency }, loop));

  return answered / ((performance.now() - startedAt) / 1000);
}

/**
 * Queues C × EVALS_PER_SLOT evaluation jobs (round by round over RULES rules, tick ids as the
 * producer makes them), then starts a node at concurrency C and times first to last completion.
 */
async function measureDipper(redis: BenchRedis, server: BenchHttpServer, concurrency: number) {
  const prefix = `bench-evals-${concurrency}`;
  const connection = openConnection(redis.target, prefix, log);
  const config = createAlertingConfig(
    connection.client,
    prefix,
    createScheduleStore(connection.client, dipperKeys(prefix), log),
    log,
  );
  const queues = createQueueRegistry(connection, log);
  await config.sources.save({
    id: 'slow',
    name: 'slow',
    config: { kind: 'http-json', url: `${server.url}/value`, valuePath: '$.value' },
  });
  // Saved without their schedules: the jobs below are the only evaluations.
  for (let i = 0; i < RULES; i++) {
    await config.rules.save({
      id: `r${i}`,
      name: `rule ${i}`,
      source: { sourceId: 'slow', query: 'value' },
      condition: { op: '>', threshold: 10 },
      evaluate: { cron: '* * * * * *' },
      severity: 'warning',
      summary: '{{ $value }}',
    });
  }

  const total = concurrency * EVALS_PER_SLOT;
  const baseTick = Math.floor(Date.now() / 1000) * 1000;
  const jobs = Array.from({ length: total }, (_, n) => {
    const ruleId = `r${n % RULES}`;
    const tickMs = baseTick + Math.floor(n / RULES) * 1000;
    return {
      name: EVALUATE_JOB,
      data: { ruleId },
      opts: { jobId: tickJobId(ruleScheduleId(ruleId), tickMs), removeOnComplete: 1_000 },
    };
  });
  for (let i = 0; i < jobs.length; i += 1_000) {
    await queues.get(ALERTS_QUEUE).addBulk(jobs.slice(i, i + 1_000));
  }

  let completed = 0;
  let failed = 0;
  const durationsMs: number[] = [];
  let firstAt = 0;
  let lastAt = 0;
  let cpuAtFirst = process.cpuUsage();
  let commandsAtFirst = 0;
  const node = await startNode({
    target: redis.target,
    prefix,
    processors: createProcessorRegistry(),
    log,
    queues: [],
    concurrency,
    onOutcome: (o) => {
      if (o.name !== EVALUATE_JOB) return;
      if (o.outcome === 'failed') failed += 1;
      completed += 1;
      durationsMs.push(o.durationMs);
      lastAt = performance.now();
      if (completed === 1) {
        firstAt = lastAt;
        cpuAtFirst = process.cpuUsage();
        void totalCommands(redis.admin).then((n) => (commandsAtFirst = n));
      }
    },
  });
  await until(() => completed + failed >= total, 600_000, 50);
  const cpu = process.cpuUsage(cpuAtFirst);
  const commands = (await totalCommands(redis.admin)) - commandsAtFirst;
  await node.stop();
  await queues.closeAll();
  await connection.close();

  const seconds = (lastAt - firstAt) / 1000;
  return {
    evaluations: total,
    failed,
    evalsPerSec: (total - 1) / seconds,
    // How long one evaluation job ran on the node, source call included.
    jobP50Ms: percentile(durationsMs, 50),
    jobP99Ms: percentile(durationsMs, 99),
    cpuMsPerEval: (cpu.user + cpu.system) / 1000 / total,
    redisCommandsPerEval: commands / total,
  };
}

async function main(): Promise<void> {
  const redis = await startBenchRedis();
  const server = await startBenchHttpServer(SOURCE_DELAY_MS);
  try {
    for (const concurrency of CONCURRENCIES) {
      const plainPerSec = await measurePlainFetch(`${server.url}/value`, concurrency);
      const dipper = await measureDipper(redis, server, concurrency);
      const idealPerSec = concurrency / (SOURCE_DELAY_MS / 1000);
      report('alert-evals', {
        concurrency,
        sourceDelayMs: SOURCE_DELAY_MS,
        rules: RULES,
        ...dipper,
        idealPerSec,
        ratioToIdeal: dipper.evalsPerSec / idealPerSec,
        plainFetchPerSec: plainPerSec,
        ratioToPlainFetch: dipper.evalsPerSec / plainPerSec,
      });
    }
  } finally {
    await server.stop();
    await redis.stop();
  }
}

await main();
