// Evaluations per second on one node against an HTTP source that answers in a fixed 20 ms, at
// consumer concurrency C. The ideal is C / 20 ms; the floor of this machine is C loops of plain
// requests against the same source (global fetch(), and the keep-alive node:http transport the
// sources use), measured in the same run.
// Run: node --expose-gc --import tsx bench/alert-evals.ts
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { ALERTS_QUEUE } from '../main/alerts/alerting.js';
import {
  createAlertingConfig,
  EVALUATE_JOB,
  ruleScheduleId,
} from '../main/alerts/config-stores.js';
import { openConnection, type Connection } from '../main/connection/connection.js';
import { dipperKeys } from '../main/connection/keys.js';
import { createLogger } from '../main/log/logger.js';
import { exchange } from '../main/alerts/sources/http-transport.js';
import { startNode } from '../main/node/node.js';
import { createProcessorRegistry, type Processor } from '../main/queues/processor.js';
import { createQueueRegistry } from '../main/queues/queue-registry.js';
import { createScheduleStore } from '../main/scheduler/schedule-store.js';
import { tickJobId } from '../main/scheduler/tick-id.js';
import { percentile, startBenchHttpServer, type BenchHttpServer } from './alert-support.js';
import { report, startBenchRedis, totalCommands, until } from './support.js';

const SOURCE_DELAY_MS = 20;
const RULES = 1_000;
/** Evaluations per unit of concurrency: at the ideal rate every run lasts this many × 20 ms. */
const EVALS_PER_SLOT = Number(process.env.ALERT_EVALS_PER_SLOT ?? 500);
const CONCURRENCIES = (process.env.ALERT_EVALS_CONCURRENCY ?? '10,50').split(',').map(Number);
const PLAIN_MS = Number(process.env.ALERT_EVALS_PLAIN_MS ?? 5_000);
/** Set to a directory to keep a CPU profile of each measured window (first to last completion). */
const PROFILE_DIR = process.env.ALERT_EVALS_PROFILE_DIR;
const log = createLogger('bench');

async function startProfile(): Promise<Session> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return session;
}

async function stopProfile(session: Session | undefined, file: string): Promise<void> {
  if (!session) return;
  const { profile } = await session.post('Profiler.stop');
  await writeFile(file, JSON.stringify(profile));
  session.disconnect();
}

type BenchRedis = Awaited<ReturnType<typeof startBenchRedis>>;

/** Answers per second of `concurrency` loops of `call` (one request + JSON parse each). */
async function measurePlain(concurrency: number, call: () => Promise<unknown>): Promise<number> {
  const endAt = performance.now() + PLAIN_MS;
  let answered = 0;
  const loop = async () => {
    while (performance.now() < endAt) {
      await call();
      answered += 1;
    }
  };
  const startedAt = performance.now();
  await Promise.all(Array.from({ length: concurrency }, loop));

  return answered / ((performance.now() - startedAt) / 1000);
}

/** Global fetch(), and the sources' own keep-alive node:http transport. */
function plainCalls(url: string) {
  const request = { url: new URL(url), method: 'GET' as const, headers: {}, timeoutMs: 10_000 };
  const limits = { okBytes: 1 << 20, errorBytes: 1 << 10 };

  return {
    fetch: async () => (await fetch(url)).json(),
    http: async () => {
      const answer = await exchange(request, limits);
      if ('kind' in answer) throw new Error(`plain request failed: ${answer.kind}`);
      return JSON.parse(answer.text) as unknown;
    },
  };
}

/** Bull jobs of `total`, as the producer queues them: round by round over RULES Rules. */
function tickJobs(name: string, total: number) {
  const baseTick = Math.floor(Date.now() / 1000) * 1000;
  return Array.from({ length: total }, (_, n) => {
    const ruleId = `r${n % RULES}`;
    const tickMs = baseTick + Math.floor(n / RULES) * 1000;
    return {
      name,
      data: { ruleId },
      opts: { jobId: tickJobId(ruleScheduleId(ruleId), tickMs), removeOnComplete: 1_000 },
    };
  });
}

/**
 * Queues C × EVALS_PER_SLOT jobs on `queueName` (after `seed`), then starts a node at
 * concurrency C and times first to last completion. With `processor`, the jobs are that
 * processor's on a node without alerting: the floor Bull and the node leave for any evaluation.
 */
async function measureJobs(
  redis: BenchRedis,
  concurrency: number,
  run: {
    prefix: string;
    queueName: string;
    jobName: string;
    seed?: (connection: Connection) => Promise<void>;
    processor?: Processor;
  },
) {
  const { prefix, jobName } = run;
  const connection = openConnection(redis.target, prefix, log);
  const queues = createQueueRegistry(connection, log);
  await run.seed?.(connection);
  const total = concurrency * EVALS_PER_SLOT;
  const jobs = tickJobs(jobName, total);
  for (let i = 0; i < jobs.length; i += 1_000) {
    await queues.get(run.queueName).addBulk(jobs.slice(i, i + 1_000));
  }

  let completed = 0;
  let failed = 0;
  const durationsMs: number[] = [];
  let firstAt = 0;
  let lastAt = 0;
  let cpuAtFirst = process.cpuUsage();
  let commandsAtFirst = 0;
  let profiling: Promise<Session> | undefined;
  const node = await startNode({
    target: redis.target,
    prefix,
    processors: createProcessorRegistry(run.processor ? { [jobName]: run.processor } : {}),
    log,
    queues: run.processor ? [run.queueName] : [],
    alerting: run.processor === undefined,
    concurrency,
    onOutcome: (o) => {
      if (o.name !== jobName) return;
      if (o.outcome === 'failed') failed += 1;
      completed += 1;
      durationsMs.push(o.durationMs);
      lastAt = performance.now();
      if (completed === 1) {
        firstAt = lastAt;
        cpuAtFirst = process.cpuUsage();
        void totalCommands(redis.admin).then((n) => (commandsAtFirst = n));
        if (PROFILE_DIR) profiling = startProfile();
      }
    },
  });
  await until(() => completed + failed >= total, 600_000, 50);
  const cpu = process.cpuUsage(cpuAtFirst);
  if (PROFILE_DIR) {
    await stopProfile(await profiling, join(PROFILE_DIR, `${prefix}.cpuprofile`));
  }
  const commands = (await totalCommands(redis.admin)) - commandsAtFirst;
  await node.stop();
  await queues.closeAll();
  await connection.close();

  const seconds = (lastAt - firstAt) / 1000;
  return {
    jobs: total,
    failed,
    perSec: (total - 1) / seconds,
    // How long one job ran on the node, source call included.
    jobP50Ms: percentile(durationsMs, 50),
    jobP99Ms: percentile(durationsMs, 99),
    cpuMsPerJob: (cpu.user + cpu.system) / 1000 / total,
    redisCommandsPerJob: commands / total,
  };
}

/** 1,000 Rules on the slow source, saved without their Schedules: the jobs are the only ticks. */
function seedRules(server: BenchHttpServer) {
  return async (connection: Connection) => {
    const { client, prefix } = connection;
    const schedules = createScheduleStore(client, dipperKeys(prefix), log);
    const config = createAlertingConfig(client, prefix, schedules, log);
    await config.sources.save({
      id: 'slow',
      name: 'slow',
      config: { kind: 'http-json', url: `${server.url}/value`, valuePath: '$.value' },
    });
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
  };
}

async function main(): Promise<void> {
  const redis = await startBenchRedis();
  const server = await startBenchHttpServer(SOURCE_DELAY_MS);
  try {
    for (const concurrency of CONCURRENCIES) {
      const plain = plainCalls(`${server.url}/value`);
      const plainFetchPerSec = PLAIN_MS > 0 ? await measurePlain(concurrency, plain.fetch) : NaN;
      const plainHttpPerSec = PLAIN_MS > 0 ? await measurePlain(concurrency, plain.http) : NaN;
      const bull = await measureJobs(redis, concurrency, {
        prefix: `bench-bull-${concurrency}`,
        queueName: 'bench.plain',
        jobName: 'bench.plain',
        processor: plain.http,
      });
      const dipper = await measureJobs(redis, concurrency, {
        prefix: `bench-evals-${concurrency}`,
        queueName: ALERTS_QUEUE,
        jobName: EVALUATE_JOB,
        seed: seedRules(server),
      });
      const idealPerSec = concurrency / (SOURCE_DELAY_MS / 1000);
      report('alert-evals', {
        concurrency,
        sourceDelayMs: SOURCE_DELAY_MS,
        rules: RULES,
        evaluations: dipper.jobs,
        failed: dipper.failed,
        evalsPerSec: dipper.perSec,
        jobP50Ms: dipper.jobP50Ms,
        jobP99Ms: dipper.jobP99Ms,
        cpuMsPerEval: dipper.cpuMsPerJob,
        redisCommandsPerEval: dipper.redisCommandsPerJob,
        idealPerSec,
        ratioToIdeal: dipper.perSec / idealPerSec,
        plainFetchPerSec,
        ratioToPlainFetch: dipper.perSec / plainFetchPerSec,
        plainHttpPerSec,
        ratioToPlainHttp: dipper.perSec / plainHttpPerSec,
        bullPlainPerSec: bull.perSec,
        bullPlainRatioToIdeal: bull.perSec / idealPerSec,
        ratioToBullPlain: dipper.perSec / bull.perSec,
        bullPlainCpuMsPerJob: bull.cpuMsPerJob,
        bullPlainRedisCommandsPerJob: bull.redisCommandsPerJob,
      });
    }
  } finally {
    await server.stop();
    await redis.stop();
  }
}

await main();
