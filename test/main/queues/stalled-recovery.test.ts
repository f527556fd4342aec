import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsumer, type JobOutcome } from '../../../main/queues/consumer.js';
import { createProcessorRegistry } from '../../../main/queues/processor.js';
import { startTestRedis, type TestRedis } from '../../harness/redis.js';
import { openTestNode, quietLog, uniquePrefix, waitFor } from './queue-harness.js';

const fixture = fileURLToPath(new URL('./fixtures/stalled-consumer.ts', import.meta.url));
const settings = { lockDurationMs: 2_000, stalledIntervalMs: 1_000 };

describe('stalled job recovery', () => {
  let redis: TestRedis;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    redis = await startTestRedis({ appendOnly: false });
  });

  afterAll(async () => {
    child?.kill('SIGKILL');
    await redis.stop();
  });

  describe('when the node running a job is killed', () => {
    it('completes the same job on another node once its lock expires', async () => {
      const prefix = uniquePrefix('stalled');
      const node = openTestNode(redis.port, prefix, settings);
      const queue = node.registry.get('work');
      const job = await queue.add('long', { report: 'nightly' });
      const jobId = String(job.id);

      child = spawn(process.execPath, ['--import', 'tsx', fixture], {
        env: { ...process.env, REDIS_PORT: String(redis.port), PREFIX: prefix, QUEUE: 'work' },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      await waitFor(() => output.includes(`active ${jobId}\n`), 'job start in the child', 20_000);
      expect(await job.getState()).toBe('active');

      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;

      const attempts: number[] = [];
      const outcomes: JobOutcome[] = [];
      const consumer = startConsumer({
        registry: node.registry,
        queues: ['work'],
        concurrency: 1,
        processors: createProcessorRegistry({
          long: async (ctx) => {
            attempts.push(ctx.attempt);
            return `recovered ${ctx.jobId}`;
          },
        }),
        log: quietLog,
        onOutcome: (e) => outcomes.push(e),
      });
      // Lock expiry (up to 2 s) plus two stalled checks (1 s apart) bound the recovery.
      await waitFor(() => outcomes.length === 1, 'recovery', 15_000);

      const stored = await queue.getJob(jobId);
      const stalledCount = await node.connection.client.hget(
        `${prefix}:work:${jobId}`,
        'stalledCounter',
      );
      expect(outcomes[0]).toMatchObject({ jobId, outcome: 'completed', attempt: 1 });
      expect(attempts).toEqual([1]);
      expect(await stored?.getState()).toBe('completed');
      expect(stored?.returnvalue).toBe(`recovered ${jobId}`);
      expect(stored?.attemptsMade).toBe(0);
      expect(stalledCount).toBe('1');
      expect(await queue.getJobCounts()).toMatchObject({ completed: 1, active: 0, waiting: 0 });
      await consumer.stop(1_000);
      await node.close();
    });
  });
});
