import type Bull from 'bull';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startBulk } from '../../../main/console/bulk.js';
import type { BulkProgress } from '../../../shared/api/dto.js';
import { startTestRedis, type TestRedis } from '../../harness/redis.js';
import { waitFor } from '../../harness/wait.js';
import { quietLog } from '../queues/queue-harness.js';
import { failJobs, openBullQueue } from './bull-jobs.js';
import { startTestConsole, type TestConsole } from './console-harness.js';

describe('console jobs', () => {
  let redis: TestRedis;
  let c: TestConsole;
  let queue: Bull.Queue;

  beforeAll(async () => {
    redis = await startTestRedis({ appendOnly: false });
  });
  afterAll(async () => {
    await redis.stop();
  });
  beforeEach(async () => {
    c = await startTestConsole(redis.url, 'jobs');
    queue = openBullQueue(redis.url, c.prefix, 'mail');
  });
  afterEach(async () => {
    await queue.close();
    await c.stop();
  });

  const client = () => c.session.node.connection.client;
  const key = (suffix: string) => `${c.prefix}:mail:${suffix}`;

  describe('jobs.page', () => {
    it('pages a state newest first with its total, cutting long texts to 200 characters', async () => {
      const jobs = await failJobs(redis.url, c.prefix, queue, 5);
      // Distinct finish times, so that newest first has one answer.
      for (const [n, job] of jobs.entries()) {
        await client().zadd(key('failed'), 1_000 + n, String(job.id));
      }
      await client().hset(
        key(String(jobs[4]!.id)),
        'data',
        JSON.stringify({ text: 'x'.repeat(500) }),
      );

      const first = await c.value('jobs.page', {
        queue: 'mail',
        state: 'failed',
        page: 0,
        pageSize: 2,
      });
      const third = await c.value('jobs.page', {
        queue: 'mail',
        state: 'failed',
        page: 2,
        pageSize: 2,
      });

      expect(first.total).toBe(5);
      expect(first.jobs.map((j) => j.id)).toEqual([String(jobs[4]!.id), String(jobs[3]!.id)]);
      expect(third.jobs.map((j) => j.id)).toEqual([String(jobs[0]!.id)]);
      const newest = first.jobs[0]!;
      expect(newest).toMatchObject({ name: 'work', readable: true, attemptsMade: 1 });
      expect(newest.dataPreview).toHaveLength(200);
      expect(newest.dataPreview.startsWith('{"text":"xxx')).toBe(true);
      expect(first.jobs[1]!.failedReason).toBe('boom 3');
      expect(first.jobs[1]!.dataPreview).toBe('{"n":3}');
      expect(first.jobs[1]!.timestampMs).toBeGreaterThan(0);
    });

    it('returns an unparsable job and a job without a hash as unreadable rows within the page', async () => {
      const jobs = await failJobs(redis.url, c.prefix, queue, 3);
      await client().hset(key(String(jobs[1]!.id)), 'data', '{"n": 1,,');
      await client().zadd(key('failed'), Date.now() + 60_000, 'ghost');

      const page = await c.value('jobs.page', { queue: 'mail', state: 'failed', page: 0 });

      expect(page.total).toBe(4);
      expect(page.jobs.map((j) => [j.id, j.readable])).toEqual([
        ['ghost', false],
        [String(jobs[2]!.id), true],
        [String(jobs[1]!.id), false],
        [String(jobs[0]!.id), true],
      ]);
      expect(page.jobs[0]!.raw).toEqual({});
      expect(page.jobs[2]!.raw?.data).toBe('{"n": 1,,');
      expect(page.jobs[2]!.failedReason).toBe('boom 1');
    });

    it('reads waiting jobs newest first from the list', async () => {
      const added = [];
      for (let n = 0; n < 3; n++) added.push(await queue.add('work', { n }));

      const page = await c.value('jobs.page', { queue: 'mail', state: 'waiting', page: 0 });

      expect(page.total).toBe(3);
      expect(page.jobs.map((j) => j.dataPreview)).toEqual(['{"n":2}', '{"n":1}', '{"n":0}']);
    });
  });

  describe('jobs.get and jobs.data', () => {
    it('gives the detail of a failed job: stack, logs, options and timeline', async () => {
      const [job] = await failJobs(redis.url, c.prefix, queue, 1);
      const id = String(job!.id);

      const detail = await c.value('jobs.get', { queue: 'mail', id });

      expect(detail).toMatchObject({ id, state: 'failed', failedReason: 'boom 0', readable: true });
      expect(detail.stacktrace[0]).toContain('Error: boom 0');
      expect(detail.logs).toEqual(['starting 0']);
      expect(detail.opts).toMatchObject({ attempts: 1 });
      expect(detail.dataBytes).toBe('{"n":0}'.length);
      expect(detail.timeline.map((t) => t.event)).toEqual(['created', 'processed', 'failed']);
    });

    it('answers NOT_FOUND naming the queue and the id', async () => {
      const result = await c.call('jobs.get', { queue: 'mail', id: '404' });

      expect(result).toMatchObject({
        ok: false,
        code: 'NOT_FOUND',
        message: 'job "404" not found in queue "mail"',
      });
    });

    it('gives the data as pretty JSON, or as stored when it is not JSON', async () => {
      const job = await queue.add('work', { to: 'ana@example.com', n: 1 });
      const bad = await queue.add('work', { n: 2 });
      await client().hset(key(String(bad.id)), 'data', 'not json {');

      const data = await c.value('jobs.data', { queue: 'mail', id: String(job.id) });
      const raw = await c.value('jobs.data', { queue: 'mail', id: String(bad.id) });

      expect(data).toBe('{\n  "to": "ana@example.com",\n  "n": 1\n}');
      expect(raw).toBe('not json {');
    });
  });

  describe('single-job commands', () => {
    it('retries a failed job into waiting, and refuses a job that is not failed', async () => {
      const [job] = await failJobs(redis.url, c.prefix, queue, 1);
      const waiting = await queue.add('work', { n: 9 });

      const retried = await c.value('jobs.retry', { queue: 'mail', id: String(job!.id) });
      const refused = await c.call('jobs.retry', { queue: 'mail', id: String(waiting.id) });

      expect(retried.state).toBe('waiting');
      expect(await client().zcard(key('failed'))).toBe(0);
      expect(await client().lrange(key('wait'), 0, -1)).toContain(String(job!.id));
      expect(refused).toMatchObject({
        ok: false,
        code: 'CONFLICT',
        message: `job "${waiting.id}" of queue "mail" is waiting; only failed jobs can be retried`,
      });
    });

    it('promotes a delayed job and refuses a missing one with NOT_FOUND', async () => {
      const job = await queue.add('work', { n: 1 }, { delay: 3_600_000 });

      const promoted = await c.value('jobs.promote', { queue: 'mail', id: String(job.id) });
      const missing = await c.call('jobs.promote', { queue: 'mail', id: 'nope' });

      expect(promoted.state).toBe('waiting');
      expect(await client().zcard(key('delayed'))).toBe(0);
      expect(missing).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    });

    it('removes an unreadable job with its logs and state entry, and leaves a running one', async () => {
      const [job] = await failJobs(redis.url, c.prefix, queue, 1);
      const id = String(job!.id);
      await client().hset(key(id), 'opts', '{{{');
      const running = await queue.add('work', { n: 2 });
      await client().set(key(`${running.id}:lock`), 'some-worker-token');

      const removed = await c.value('jobs.remove', { queue: 'mail', id, confirm: 'mail' });
      const again = await c.value('jobs.remove', { queue: 'mail', id, confirm: 'mail' });
      const locked = await c.call('jobs.remove', {
        queue: 'mail',
        id: String(running.id),
        confirm: 'mail',
      });

      expect(removed).toEqual({ removed: true });
      expect(again).toEqual({ removed: false });
      expect(await client().exists(key(id), key(`${id}:logs`))).toBe(0);
      expect(await client().zscore(key('failed'), id)).toBeNull();
      expect(locked).toMatchObject({ ok: false, code: 'CONFLICT' });
      expect(await client().exists(key(String(running.id)))).toBe(1);
    });
  });

  describe('bulk actions', () => {
    it('counts what an action would touch and refuses an action the state does not allow', async () => {
      await failJobs(redis.url, c.prefix, queue, 4);

      const count = await c.value('jobs.bulkCount', {
        queue: 'mail',
        state: 'failed',
        action: 'retry',
      });
      const wrong = await c.call('jobs.bulkCount', {
        queue: 'mail',
        state: 'completed',
        action: 'retry',
      });

      expect(count).toEqual({ count: 4 });
      expect(wrong).toMatchObject({
        ok: false,
        code: 'BAD_REQUEST',
        message: 'bulk retry applies to failed jobs; got state "completed"',
      });
    });

    it('retries no more failed jobs than expected and reports when finished', async () => {
      await failJobs(redis.url, c.prefix, queue, 12);

      const { operationId } = await c.value('jobs.bulk', {
        queue: 'mail',
        state: 'failed',
        action: 'retry',
        expected: 10,
        confirm: 'mail',
      });
      const final = await waitFor(
        () =>
          c.events
            .map((e) => e.payload as BulkProgress)
            .find((p) => p.operationId === operationId && p.finished),
        'the final bulk progress',
      );

      expect(final).toMatchObject({ done: 10, total: 10, error: null, action: 'retry' });
      expect(await client().zcard(key('failed'))).toBe(2);
      expect(await client().llen(key('wait'))).toBe(10);
    });

    it('works in batches and pushes progress after each', async () => {
      for (let n = 0; n < 10; n++) await queue.add('work', { n }, { delay: 3_600_000 });
      const events: BulkProgress[] = [];

      startBulk(
        {
          client: client(),
          prefix: c.prefix,
          queues: c.session.node.queues,
          log: quietLog,
          emit: (p) => events.push(p),
          batchSize: 4,
        },
        { queue: 'mail', state: 'delayed', action: 'promote', expected: 9, graceMs: 0 },
      );
      await waitFor(() => events.some((e) => e.finished), 'bulk promote to finish');

      expect(events.map((e) => [e.done, e.finished])).toEqual([
        [4, false],
        [8, false],
        [9, false],
        [9, true],
      ]);
      expect(await client().zcard(key('delayed'))).toBe(1);
      expect(await client().llen(key('wait'))).toBe(9);
    });

    it('removes unreadable jobs too, and cleans with Bull within the expected count', async () => {
      const jobs = await failJobs(redis.url, c.prefix, queue, 6);
      await client().hset(key(String(jobs[0]!.id)), 'data', '{oops');

      const removeId = (
        await c.value('jobs.bulk', {
          queue: 'mail',
          state: 'failed',
          action: 'remove',
          expected: 3,
          confirm: 'mail',
        })
      ).operationId;
      await waitFor(
        () =>
          c.events.some(
            (e) =>
              (e.payload as BulkProgress).operationId === removeId &&
              (e.payload as BulkProgress).finished,
          ),
        'bulk remove to finish',
      );
      const afterRemove = await client().zrange(key('failed'), 0, -1);
      const cleanId = (
        await c.value('jobs.bulk', {
          queue: 'mail',
          state: 'failed',
          action: 'clean',
          expected: 2,
          confirm: 'mail',
        })
      ).operationId;
      await waitFor(
        () =>
          c.events.some(
            (e) =>
              (e.payload as BulkProgress).operationId === cleanId &&
              (e.payload as BulkProgress).finished,
          ),
        'bulk clean to finish',
      );

      expect(afterRemove).toEqual(jobs.slice(3).map((j) => String(j.id)));
      expect(await client().exists(key(String(jobs[0]!.id)))).toBe(0);
      expect(await client().zcard(key('failed'))).toBe(1);
    });
  });
});
