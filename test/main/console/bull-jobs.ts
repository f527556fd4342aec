import Bull from 'bull';
import { waitFor } from '../../harness/wait.js';

/** A plain Bull queue on the test Redis, as another application would use it. */
export function openBullQueue(redisUrl: string, prefix: string, name: string): Bull.Queue {
  const queue = new Bull(name, redisUrl, { prefix });
  queue.on('error', () => undefined);
  return queue;
}

/**
 * Adds `count` jobs (data `{ n }`) and runs them in a separate Bull worker that logs a line
 * and throws `boom <n>`, so that they end up failed the way Bull fails them. The worker is
 * closed before this returns: nothing takes the jobs a test moves back to waiting.
 */
export async function failJobs(
  redisUrl: string,
  prefix: string,
  queue: Bull.Queue,
  count: number,
): Promise<Bull.Job[]> {
  const jobs: Bull.Job[] = [];
  for (let n = 0; n < count; n++) jobs.push(await queue.add('work', { n }));
  const worker = openBullQueue(redisUrl, prefix, queue.name);
  void worker.process('work', 1, async (job: Bull.Job<{ n: number }>) => {
    await job.log(`starting ${job.data.n}`);
    throw new Error(`boom ${job.data.n}`);
  });
  await waitFor(async () => (await queue.getFailedCount()) === count, `${count} failed jobs`);
  await worker.close();

  return jobs;
}
