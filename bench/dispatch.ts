// Dispatch throughput: jobs/s through Dipper's producer and consumer path (tick claim, add,
// ledger, consumer with per-job outcome in the ledger) against plain Bull add + process on the
// same Redis in the same run. Run: node --import tsx bench/dispatch.ts
import Bull from 'bull';
import { dipperKeys } from '../main/connection/keys.js';
import { createLogger } from '../main/log/logger.js';
import { startNode } from '../main/node/node.js';
import { createProcessorRegistry } from '../main/queues/processor.js';
import { ScheduleSchema } from '../shared/schedule.js';
import { cronAtSecond, nextSecondAfter, report, startBenchRedis, until } from './support.js';

const N = Number(process.env.DISPATCH_JOBS ?? 20_000);
const CONCURRENCY = 50;
const ROUNDS = Number(process.env.DISPATCH_ROUNDS ?? 2);
const PROFILE = process.env.DISPATCH_PROFILE === '1';
const log = createLogger('bench');
type BenchRedis = Awaited<ReturnType<typeof startBenchRedis>>;

/** Redis CPU per command (INFO commandstats, usec) since the last reset, busiest first. */
async function commandCost(redis: BenchRedis): Promise<string> {
  const info = await redis.admin.info('commandstats');
  const rows = [...info.matchAll(/^cmdstat_([a-z|]+):calls=(\d+),usec=(\d+)/gm)]
    .map((m) => ({ cmd: m[1] ?? '', calls: Number(m[2]), usec: Number(m[3]) }))
    .filter((r) => r.cmd !== 'info' && r.cmd !== 'config')
    .sort((a, b) => b.usec - a.usec);
  const total = rows.reduce((sum, r) => sum + r.usec, 0);
  const top = rows.slice(0, 12).map((r) => `${r.cmd}:${r.calls}/${(r.usec / 1000).toFixed(0)}ms`);

  return `commandsUsecMs=${(total / 1000).toFixed(0)} ${top.join(' ')}`;
}

/** CPU seconds of Redis' main thread so far (INFO cpu): the real cost, no double counting. */
async function redisMainCpuMs(redis: BenchRedis): Promise<number> {
  const info = await redis.admin.info('cpu');
  const read = (field: string) => Number(new RegExp(`^${field}:([\\d.]+)`, 'm').exec(info)?.[1]);

  return (read('used_cpu_user_main_thread') + read('used_cpu_sys_main_thread')) * 1000;
}

/**
 * Runs `measure` between a commandstats reset and a readout when DISPATCH_PROFILE=1, with the
 * CPU time Redis' main thread and this process spent meanwhile (setup and tear-down included).
 */
async function profiled(redis: BenchRedis, name: string, measure: () => Promise<number>) {
  if (!PROFILE) return measure();

  await redis.admin.config('RESETSTAT');
  const redisBefore = await redisMainCpuMs(redis);
  const nodeBefore = process.cpuUsage();
  const ms = await measure();
  const node = process.cpuUsage(nodeBefore);
  const redisCpuMs = (await redisMainCpuMs(redis)) - redisBefore;
  const nodeCpuMs = (node.user + node.system) / 1000;
  process.stdout.write(
    `${name}: ${ms.toFixed(0)} ms redisMainThreadCpuMs=${redisCpuMs.toFixed(0)} ` +
      `nodeCpuMs=${nodeCpuMs.toFixed(0)} ${await commandCost(redis)}\n`,
  );

  return ms;
}

async function measurePlainBull(redis: BenchRedis, round: number): Promise<number> {
  const queue = new Bull('plain', {
    prefix: `plain-dispatch-${round}`,
    redis: redis.target.options,
  });
  queue.on('error', () => undefined);
  await queue.isReady();
  let done = 0;
  const started = performance.now();
  void queue.process('noop', CONCURRENCY, async () => {
    done += 1;
    return null;
  });
  await Promise.all(
    Array.from({ length: N }, (_, i) =>
      queue.add('noop', { i }, { removeOnComplete: 100, removeOnFail: 1000 }),
    ),
  );
  await until(() => done >= N, 120_000);
  const elapsedMs = performance.now() - started;
  await queue.close();

  return elapsedMs;
}

async function measureDipper(redis: BenchRedis, round: number): Promise<number> {
  const prefix = `dipper-dispatch-${round}`;
  const tick = nextSecondAfter(6_000);
  const keys = dipperKeys(prefix);
  const pipeline = redis.admin.pipeline();
  for (let i = 0; i < N; i++) {
    const schedule = ScheduleSchema.parse({
      id: `d-${i}`,
      name: `d ${i}`,
      cron: cronAtSecond(tick),
      queue: 'dispatch',
      job: 'noop',
      data: { i },
    });
    pipeline.hset(keys.schedules, schedule.id, JSON.stringify(schedule));
  }
  await pipeline.exec();

  let done = 0;
  const processors = createProcessorRegistry({ noop: async () => null });
  const node = await startNode({
    target: redis.target,
    prefix,
    processors,
    log,
    queues: ['dispatch'],
    concurrency: CONCURRENCY,
    onOutcome: (o) => {
      if (o.outcome === 'completed') done += 1;
    },
  });
  await until(() => done >= N, 120_000);
  const elapsedMs = Date.now() - tick;
  await node.stop();

  return elapsedMs;
}

const redis = await startBenchRedis();
try {
  // Alternating rounds, best of each: both sides see the same background load.
  let plainMs = Number.POSITIVE_INFINITY;
  let dipperMs = Number.POSITIVE_INFINITY;
  for (let round = 0; round < ROUNDS; round++) {
    const plain = await profiled(redis, 'plain', () => measurePlainBull(redis, round));
    const dipper = await profiled(redis, 'dipper', () => measureDipper(redis, round));
    plainMs = Math.min(plainMs, plain);
    dipperMs = Math.min(dipperMs, dipper);
    await redis.admin.flushall();
  }
  report('dispatch', {
    rounds: ROUNDS,
    jobs: N,
    concurrency: CONCURRENCY,
    plainBullJobsPerSec: (N / plainMs) * 1000,
    dipperJobsPerSec: (N / dipperMs) * 1000,
    ratio: plainMs / dipperMs,
  });
} finally {
  await redis.stop();
}
