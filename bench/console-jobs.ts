// Console job paging: time for Dipper's `jobs.page` handler to answer page 0, page 10,000 and
// the last page (50 jobs each) of a queue with 1,000,000 failed jobs, against bull-board's own
// API handler (queuesHandler with a BullAdapter, as its web server calls it) for the same
// pages on the same Redis in the same run. Median of several repetitions after a warm-up.
// Run: node --expose-gc --import tsx bench/console-jobs.ts
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { queuesHandler } from '@bull-board/api/dist/handlers/queues.js';
import Bull from 'bull';
import { defineScript, runScript } from '../main/connection/script.js';
import { jobsHandlers } from '../main/console/handlers/jobs.js';
import type { ConsoleSession } from '../main/console/session.js';
import { percentile } from './alert-support.js';
import { report, startBenchRedis } from './support.js';

const JOBS = Number(process.env.CONSOLE_JOBS ?? 1_000_000);
const PAGE_SIZE = 50;
const RUNS = Number(process.env.CONSOLE_JOBS_RUNS ?? 9);
const SEED_CHUNK = 5_000;
const PREFIX = 'bench-console';
const QUEUE = 'mail';
const START_MS = Date.parse('2026-11-01T00:00:00Z');

// Writes Bull-shaped failed jobs (the hash fields Bull's moveToFinished leaves) with ids
// ARGV[2]..ARGV[3], finished one ms apart, and the failed zset scored by finishedOn.
// KEYS: failed, id counter. ARGV: `<prefix>:<queue>:`, first id, last id, start ms.
const SEED = defineScript(`
local stack = cjson.encode({'Error: SMTP 451 temporary failure\\n    at send (/srv/mail/smtp.js:88:11)\\n    at process (/srv/mail/worker.js:41:5)'})
local first, last, t0 = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
for id = first, last do
  local t = t0 + id
  redis.call('HSET', ARGV[1] .. id,
    'name', 'send',
    'data', '{"to":"user-' .. id .. '@example.com","template":"receipt","orderId":' .. id .. '}',
    'opts', '{"attempts":3,"backoff":{"type":"exponential","delay":1000},"delay":0,"timestamp":' .. t .. '}',
    'timestamp', t, 'delay', 0, 'priority', 0, 'attemptsMade', 3,
    'processedOn', t + 5, 'finishedOn', t + 9,
    'failedReason', 'SMTP 451 temporary failure', 'stacktrace', stack)
  redis.call('ZADD', KEYS[1], t + 9, id)
end
redis.call('SET', KEYS[2], last)
return last - first + 1
`);

type BenchRedis = Awaited<ReturnType<typeof startBenchRedis>>;

async function seed(redis: BenchRedis): Promise<number> {
  const started = performance.now();
  const base = `${PREFIX}:${QUEUE}:`;
  for (let first = 1; first <= JOBS; first += SEED_CHUNK) {
    const last = Math.min(JOBS, first + SEED_CHUNK - 1);
    await runScript(
      redis.admin,
      SEED,
      [`${base}failed`, `${base}id`],
      [base, first, last, START_MS],
    );
  }
  return (performance.now() - started) / 1000;
}

async function timeMedian(run: () => Promise<void>): Promise<{ p50: number; min: number }> {
  await run();
  await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return { p50: percentile(times, 50), min: Math.min(...times) };
}

async function main(): Promise<void> {
  const redis = await startBenchRedis();
  try {
    const seconds = await seed(redis);
    report('console-jobs seed', {
      jobs: JOBS,
      seconds,
      redisMb: Number(/used_memory:(\d+)/.exec(await redis.admin.info('memory'))?.[1]) / 2 ** 20,
    });

    // Dipper: the console handler as the dispatcher calls it; it reads only the connection.
    const session = {
      node: { connection: { client: redis.admin, prefix: PREFIX } },
    } as unknown as ConsoleSession;
    const ours = async (page: number) => {
      const result = await jobsHandlers['jobs.page'](
        { queue: QUEUE, state: 'failed', page, pageSize: PAGE_SIZE },
        session,
      );
      if (!result.ok) throw new Error(result.message);
      return result.value.jobs.map((j) => j.id);
    };

    // bull-board: its queues handler over a BullAdapter, with its default UI config; its
    // pages count from 1.
    const queue = new Bull(QUEUE, { prefix: PREFIX, redis: redis.target.options });
    queue.on('error', () => undefined);
    await queue.isReady();
    const queues = new Map([[QUEUE, new BullAdapter(queue)]]);
    const board = async (page: number) => {
      const response = await queuesHandler({
        queues,
        query: { activeQueue: QUEUE, status: 'failed', page: page + 1, jobsPerPage: PAGE_SIZE },
        uiConfig: {},
      } as unknown as Parameters<typeof queuesHandler>[0]);
      const body = response.body as { queues: { jobs: { id: string | number }[] }[] };
      return (body.queues[0]?.jobs ?? []).map((j) => String(j.id));
    };

    const lastPage = Math.ceil(JOBS / PAGE_SIZE) - 1;
    // Page 10,000 is the middle of 1,000,000 jobs; smaller runs (CONSOLE_JOBS) use one before last.
    for (const page of [0, Math.min(10_000, lastPage - 1), lastPage]) {
      const [a, b] = [await ours(page), await board(page)];
      if (a.length !== PAGE_SIZE || a.join() !== b.join()) {
        throw new Error(`page ${page}: Dipper and bull-board list different jobs`);
      }
      const dipper = await timeMedian(async () => void (await ours(page)));
      const bullBoard = await timeMedian(async () => void (await board(page)));
      report(`console-jobs page ${page}`, {
        dipperP50Ms: dipper.p50,
        dipperMinMs: dipper.min,
        bullBoardP50Ms: bullBoard.p50,
        bullBoardMinMs: bullBoard.min,
        ratio: dipper.p50 / bullBoard.p50,
      });
    }
    await queue.close();
  } finally {
    await redis.stop();
  }
}

await main();
