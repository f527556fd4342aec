// Burst: N schedules due in the same second on one node. Time from the tick until the last job
// is in Redis (its add acknowledged) and runnable (in Bull's wait list), for Dipper's producer and for one node-schedule job per schedule (the baseline),
// measured in the same run on the same Redis. Run: node --expose-gc --import tsx bench/burst.ts
import Bull from 'bull';
import schedule from 'node-schedule';
import { dipperKeys } from '../main/connection/keys.js';
import { createLogger } from '../main/log/logger.js';
import { startNode } from '../main/node/node.js';
import { createProcessorRegistry } from '../main/queues/processor.js';
import { createProducer } from '../main/scheduler/producer.js';
import type { QueueRegistry } from '../main/queues/queue-registry.js';
import type { TickStore } from '../main/scheduler/tick-store.js';
import { ScheduleSchema, type Schedule } from '../shared/schedule.js';
import {
  cronAtSecond,
  heapMb,
  nextSecondAfter,
  report,
  startBenchRedis,
  until,
} from './support.js';

const N = Number(process.env.BURST_SCHEDULES ?? 10_000);
const log = createLogger('bench');

function makeSchedules(cron: string): Schedule[] {
  return Array.from({ length: N }, (_, i) =>
    ScheduleSchema.parse({
      id: `burst-${i}`,
      name: `burst ${i}`,
      cron,
      queue: 'burst',
      job: 'echo',
      data: { i },
    }),
  );
}

async function measureDipper(redis: Awaited<ReturnType<typeof startBenchRedis>>) {
  const prefix = 'dipper-burst';
  const tick = nextSecondAfter(8_000);
  const schedules = makeSchedules(cronAtSecond(tick));
  const keys = dipperKeys(prefix);
  const pipeline = redis.admin.pipeline();
  for (const s of schedules) pipeline.hset(keys.schedules, s.id, JSON.stringify(s));
  await pipeline.exec();

  // Runnable: the moment the last job is in Bull's wait list, seen from another connection.
  // Polled every 2 ms from 50 ms before the tick, so the poll barely loads Redis.
  const waitKey = `${prefix}:burst:wait`;
  const runnable = (async () => {
    await new Promise((r) => setTimeout(r, Math.max(0, tick - 50 - Date.now())));
    let lastMs = 0;
    await until(
      async () => {
        const length = await redis.admin.llen(waitKey);
        lastMs = Date.now();
        return length >= N;
      },
      60_000,
      2,
    );
    return lastMs - tick;
  })();

  let produced = 0;
  let lastLagMs = 0;
  let lastReportedAt = 0;
  const node = await startNode({
    target: redis.target,
    prefix,
    processors: createProcessorRegistry(),
    log,
    queues: [],
    onProduced: (_id, lagMs) => {
      produced += 1;
      lastLagMs = Math.max(lastLagMs, lagMs);
      lastReportedAt = Date.now();
    },
  });
  await until(() => produced >= N, 60_000);
  const lastJobRunnableMs = await runnable;
  const waiting = await node.queues.get('burst').getWaitingCount();
  await node.stop();

  // In Redis: the ledger's lag (Redis' clock when the script wrote the job). Acknowledged: when
  // the producer had every reply back and reported the pass, on this process' clock.
  return {
    lastJobInRedisMs: lastLagMs,
    allAcknowledgedMs: lastReportedAt - tick,
    lastJobRunnableMs,
    jobsInRedis: waiting,
    tick,
  };
}

async function measureNodeSchedule(redis: Awaited<ReturnType<typeof startBenchRedis>>) {
  const queue = new Bull('burst', { prefix: 'baseline-burst', redis: redis.target.options });
  queue.on('error', () => undefined);
  await queue.isReady();
  const tick = nextSecondAfter(20_000);
  const cron = cronAtSecond(tick);
  const createdAt = performance.now();
  let added = 0;
  let lastAddedAt = 0;
  const jobs = Array.from({ length: N }, (_, i) =>
    schedule.scheduleJob(cron, (fireDate: Date) => {
      void queue.add('echo', { i }, { jobId: `baseline.${i}.${fireDate.getTime()}` }).then(() => {
        added += 1;
        lastAddedAt = Date.now();
      });
    }),
  );
  const createMs = performance.now() - createdAt;
  await until(() => added >= N, 120_000, 20);
  for (const job of jobs) job.cancel();
  await queue.close();

  return { lastJobInRedisMs: lastAddedAt - tick, createMs };
}

/** Plain Bull, N adds all in flight: the floor any producer on this Redis and machine sits on. */
async function measurePlainAdds(redis: Awaited<ReturnType<typeof startBenchRedis>>) {
  const queue = new Bull('burst', { prefix: 'plain-burst', redis: redis.target.options });
  queue.on('error', () => undefined);
  await queue.isReady();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: N }, (_, i) => queue.add('echo', { i }, { jobId: `p.${i}` })),
  );
  const elapsedMs = performance.now() - started;
  await queue.close();

  return elapsedMs;
}

async function measureHeap() {
  const before = heapMb();
  const queues = {
    get: () => ({ addBulk: async () => [] }),
    names: () => [],
    closeAll: async () => undefined,
  };
  const producer = createProducer({
    nodeId: 'heap',
    queues: queues as unknown as QueueRegistry,
    tickStore: {} as TickStore,
    log,
    now: () => Date.now(),
    isOwner: () => true,
  });
  producer.sync(makeSchedules('*/5 * * * * *'));
  const after = heapMb();
  await producer.stop();

  return after - before;
}

const redis = await startBenchRedis();
try {
  const dipper = await measureDipper(redis);
  const baseline = await measureNodeSchedule(redis);
  const plainAddsMs = await measurePlainAdds(redis);
  const heapForSchedulesMb = await measureHeap();
  report('burst', {
    schedules: N,
    dipperLastJobInRedisMs: dipper.lastJobInRedisMs,
    dipperAllAcknowledgedMs: dipper.allAcknowledgedMs,
    dipperLastJobRunnableMs: dipper.lastJobRunnableMs,
    dipperJobsInRedis: dipper.jobsInRedis,
    nodeScheduleLastJobInRedisMs: baseline.lastJobInRedisMs,
    nodeScheduleCreateMs: baseline.createMs,
    plainBullAddAllMs: plainAddsMs,
    speedup: baseline.lastJobInRedisMs / dipper.lastJobInRedisMs,
    producerHeapMb: heapForSchedulesMb,
  });
} finally {
  await redis.stop();
}
