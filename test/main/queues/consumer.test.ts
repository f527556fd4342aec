import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { builtinProcessors } from '../../../main/queues/builtin-processors.js';
import { startConsumer, type Consumer, type JobOutcome } from '../../../main/queues/consumer.js';
import {
  createProcessorRegistry,
  type Processor,
  type ProcessorRegistry,
} from '../../../main/queues/processor.js';
import { startTestRedis, type TestRedis } from '../../harness/redis.js';
import { openTestNode, quietLog, uniquePrefix, waitFor, type TestNode } from './queue-harness.js';

describe('startConsumer', () => {
  let redis: TestRedis;
  let node: TestNode;
  let consumer: Consumer | undefined;
  let outcomes: JobOutcome[];

  beforeAll(async () => {
    redis = await startTestRedis({ appendOnly: false });
  });

  afterAll(async () => {
    await redis.stop();
  });

  afterEach(async () => {
    await consumer?.stop(1_000);
    consumer = undefined;
    await node.close();
  });

  function start(processors: ProcessorRegistry, concurrency = 1): Consumer {
    node = openTestNode(redis.port, uniquePrefix('consumer'));
    outcomes = [];
    consumer = startConsumer({
      registry: node.registry,
      queues: ['work'],
      concurrency,
      processors,
      log: quietLog,
      onOutcome: (e) => outcomes.push(e),
    });

    return consumer;
  }

  function outcomeOf(jobId: string): Promise<JobOutcome> {
    return waitFor(
      () => outcomes.some((o) => o.jobId === jobId && !o.willRetry),
      `job ${jobId}`,
    ).then(() => outcomes.filter((o) => o.jobId === jobId).at(-1) as JobOutcome);
  }

  describe('when an echo job runs', () => {
    it('completes with its data as the return value', async () => {
      start(createProcessorRegistry(builtinProcessors()));
      const queue = node.registry.get('work');

      const job = await queue.add('echo', { hello: 'world', n: 3 });
      const outcome = await outcomeOf(String(job.id));

      const stored = await queue.getJob(String(job.id));
      expect(outcome).toMatchObject({
        queue: 'work',
        name: 'echo',
        outcome: 'completed',
        attempt: 1,
      });
      expect(await stored?.getState()).toBe('completed');
      expect(stored?.returnvalue).toEqual({ hello: 'world', n: 3 });
    });
  });

  describe('when a job fails twice with attempts 3 and a fixed backoff', () => {
    it('completes on the third attempt and keeps both failure reasons', async () => {
      start(createProcessorRegistry(builtinProcessors()));
      const queue = node.registry.get('work');

      const job = await queue.add(
        'echo',
        { failTimes: 2 },
        { attempts: 3, backoff: { type: 'fixed', delay: 50 } },
      );
      const outcome = await outcomeOf(String(job.id));

      const stored = await queue.getJob(String(job.id));
      expect(outcome).toMatchObject({ outcome: 'completed', attempt: 3 });
      expect(outcomes.map((o) => [o.outcome, o.attempt, o.willRetry])).toEqual([
        ['failed', 1, true],
        ['failed', 2, true],
        ['completed', 3, false],
      ]);
      // Bull counts failed attempts only: two failures, then the successful third run.
      expect(stored?.attemptsMade).toBe(2);
      expect(stored?.stacktrace.map((s) => s.split('\n')[0])).toEqual([
        'Error: echo fails on purpose: attempt 1 of failTimes 2',
        'Error: echo fails on purpose: attempt 2 of failTimes 2',
      ]);
      expect(stored?.returnvalue).toEqual({ failTimes: 2 });
    });
  });

  describe('when a job outlives its timeout', () => {
    it('fails with the timeout message and fires the abort signal', async () => {
      let signal: AbortSignal | undefined;
      const echo = builtinProcessors().echo as Processor;
      start(
        createProcessorRegistry({
          sleepy: (ctx) => {
            signal = ctx.signal;
            return echo(ctx);
          },
        }),
      );
      const queue = node.registry.get('work');

      const job = await queue.add('sleepy', { sleepMs: 5_000 }, { timeout: 100 });
      const outcome = await outcomeOf(String(job.id));

      const stored = await queue.getJob(String(job.id));
      expect(outcome.outcome).toBe('failed');
      expect(outcome.error).toBe(`job ${String(job.id)} timed out after 100 ms`);
      expect(outcome.durationMs).toBeLessThan(2_000);
      expect(stored?.failedReason).toBe(`job ${String(job.id)} timed out after 100 ms`);
      expect(signal?.aborted).toBe(true);
      expect((signal?.reason as Error).message).toBe(
        `job ${String(job.id)} timed out after 100 ms`,
      );
    });
  });

  describe('when no processor has the job name', () => {
    it('fails the job naming the registered processors', async () => {
      start(createProcessorRegistry(builtinProcessors()));
      const queue = node.registry.get('work');

      const job = await queue.add('reprot.build', {});
      const outcome = await outcomeOf(String(job.id));

      const stored = await queue.getJob(String(job.id));
      const message = 'no processor for job "reprot.build"; registered: echo, http.call';
      expect(outcome).toMatchObject({ outcome: 'failed', error: message });
      expect(stored?.failedReason).toBe(message);
    });
  });

  describe('when concurrency is 3 and ten jobs wait', () => {
    it('runs exactly three at a time at the peak', async () => {
      let started = 0;
      let running = 0;
      let peak = 0;
      const gates: (() => void)[] = [];
      start(
        createProcessorRegistry({
          // Holds each job until the test lets it go, so the peak does not depend on timing.
          held: async () => {
            started += 1;
            running += 1;
            peak = Math.max(peak, running);
            await new Promise<void>((resolve) => gates.push(resolve));
            running -= 1;
          },
        }),
        3,
      );
      const queue = node.registry.get('work');

      await queue.addBulk(Array.from({ length: 10 }, () => ({ name: 'held', data: {} })));
      for (let released = 0; released < 10; released += 1) {
        const expected = Math.min(3, 10 - released);
        await waitFor(
          () => started === released + expected && consumer?.activeCount() === expected,
          `${expected} jobs running after ${released} released`,
        );
        expect(running).toBe(expected);
        gates.shift()?.();
      }
      await waitFor(() => outcomes.length === 10, 'ten outcomes');

      expect(peak).toBe(3);
      expect(started).toBe(10);
      expect(outcomes.filter((o) => o.outcome === 'completed')).toHaveLength(10);
    });
  });

  describe('when a processor reports progress and log lines', () => {
    it('stores them on the job', async () => {
      start(
        createProcessorRegistry({
          chatty: async (ctx) => {
            await ctx.log('step one');
            await ctx.progress(40);
            await ctx.log('step two');
            await ctx.progress(100);
            return 'done';
          },
        }),
      );
      const queue = node.registry.get('work');

      const job = await queue.add('chatty', {});
      await outcomeOf(String(job.id));

      const stored = await queue.getJob(String(job.id));
      const logs = await queue.getJobLogs(String(job.id));
      expect(stored?.progress()).toBe(100);
      expect(logs).toEqual({ logs: ['step one', 'step two'], count: 2 });
      expect(stored?.returnvalue).toBe('done');
    });
  });

  describe('when stopped while a 300 ms job runs', () => {
    it('resolves after the job completes', async () => {
      const started: string[] = [];
      const echo = builtinProcessors().echo as Processor;
      const running = start(
        createProcessorRegistry({
          slow: (ctx) => {
            started.push(ctx.jobId);
            return echo(ctx);
          },
        }),
      );
      const queue = node.registry.get('work');
      const job = await queue.add('slow', { sleepMs: 300 });
      const next = await queue.add('slow', { sleepMs: 300 });
      await waitFor(() => started.length === 1, 'job start');

      const report = await running.stop(5_000);

      expect(report).toEqual({ abandoned: [] });
      expect(running.activeCount()).toBe(0);
      expect(outcomes.map((o) => [o.jobId, o.outcome])).toEqual([[String(job.id), 'completed']]);
      expect(await (await queue.getJob(String(job.id)))?.getState()).toBe('completed');
      expect(await (await queue.getJob(String(next.id)))?.getState()).toBe('waiting');
    });
  });

  describe('when a job outlives the stop deadline', () => {
    it('abandons it to the stalled check of another node without using an attempt', async () => {
      const settings = { lockDurationMs: 1_000, stalledIntervalMs: 500 };
      let signal: AbortSignal | undefined;
      const echo = builtinProcessors().echo as Processor;
      const prefix = uniquePrefix('abandon');
      node = openTestNode(redis.port, prefix, settings);
      outcomes = [];
      const first = startConsumer({
        registry: node.registry,
        queues: ['work'],
        concurrency: 1,
        processors: createProcessorRegistry({
          slow: (ctx) => {
            signal = ctx.signal;
            return echo(ctx);
          },
        }),
        log: quietLog,
        onOutcome: (e) => outcomes.push(e),
      });
      const job = await node.registry.get('work').add('slow', { sleepMs: 60_000 });
      await waitFor(() => signal !== undefined, 'job start');

      const report = await first.stop(200);

      expect(report).toEqual({ abandoned: [`work/${String(job.id)}`] });
      expect((signal?.reason as Error).message).toBe('node stopping');
      expect(outcomes).toEqual([]);

      const other = openTestNode(redis.port, prefix, settings);
      const attempts: number[] = [];
      const second = startConsumer({
        registry: other.registry,
        queues: ['work'],
        concurrency: 1,
        processors: createProcessorRegistry({
          slow: async (ctx) => {
            attempts.push(ctx.attempt);
            return 'finished elsewhere';
          },
        }),
        log: quietLog,
      });
      const queue = other.registry.get('work');
      await waitFor(async () => (await queue.getJobCounts()).completed === 1, 'rerun elsewhere');

      const stored = await queue.getJob(String(job.id));
      const key = `${prefix}:work:${String(job.id)}`;
      expect(await stored?.getState()).toBe('completed');
      expect(stored?.returnvalue).toBe('finished elsewhere');
      expect(stored?.attemptsMade).toBe(0);
      expect(attempts).toEqual([1]);
      expect(await other.connection.client.hget(key, 'stalledCounter')).toBe('1');
      await second.stop(1_000);
      await other.close();
    });
  });
});
