import type Bull from 'bull';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createConsoleProcessors,
  createPauseStore,
  pauseGlobally,
  RESUME_JOB,
  resumeJobId,
  CONSOLE_QUEUE,
} from '../../../main/console/pauses.js';
import { forgetScannedQueues, scannedQueues } from '../../../main/console/queue-discovery.js';
import { startTestRedis, type TestRedis } from '../../harness/redis.js';
import { waitFor } from '../../harness/wait.js';
import { quietLog } from '../queues/queue-harness.js';
import { openBullQueue } from './bull-jobs.js';
import { startTestConsole, type TestConsole } from './console-harness.js';

describe('console queues', () => {
  let redis: TestRedis;
  let c: TestConsole;
  let mail: Bull.Queue;

  beforeAll(async () => {
    redis = await startTestRedis({ appendOnly: false });
  });
  afterAll(async () => {
    await redis.stop();
  });
  beforeEach(async () => {
    c = await startTestConsole(redis.url, 'queues');
    mail = openBullQueue(redis.url, c.prefix, 'mail');
  });
  afterEach(async () => {
    await mail.close();
    await c.stop();
  });

  const client = () => c.session.node.connection.client;

  describe('queues.list', () => {
    it('lists queues found in Redis, named by schedules and the alerting queues, with counts', async () => {
      await mail.add('send', { n: 1 });
      await mail.add('send', { n: 2 });
      await mail.add('send', { n: 3 }, { delay: 3_600_000 });
      const saved = await c.session.node.store.save(
        { id: 'nightly', name: 'Nightly', cron: '0 0 0 1 1 *', queue: 'reports', job: 'echo' },
        'create',
      );
      expect(saved.ok).toBe(true);
      forgetScannedQueues(client(), c.prefix);

      const list = await c.value('queues.list', {});

      expect(list.map((q) => q.name)).toEqual([
        'dipper.alerts',
        'dipper.console',
        'dipper.notifications',
        'mail',
        'reports',
      ]);
      expect(list.find((q) => q.name === 'mail')).toEqual({
        name: 'mail',
        counts: { waiting: 2, active: 0, delayed: 1, failed: 0, completed: 0, paused: 0 },
        paused: false,
        pause: null,
        pausedOnNodes: [],
        localPauses: {},
        workers: 0,
      });
      expect(list.find((q) => q.name === 'dipper.notifications')?.workers).toBe(1);
    });

    it('keeps a SCAN for 30 s before it looks for new queues again', async () => {
      await mail.add('send', {});
      const t0 = 1_000_000;

      const first = await scannedQueues(client(), c.prefix, t0);
      const other = openBullQueue(redis.url, c.prefix, 'billing');
      await other.add('charge', {});
      const cached = await scannedQueues(client(), c.prefix, t0 + 29_000);
      const fresh = await scannedQueues(client(), c.prefix, t0 + 30_000);
      await other.close();

      expect(first).toEqual(['mail']);
      expect(cached).toEqual(['mail']);
      expect(fresh.sort()).toEqual(['billing', 'mail']);
    });
  });

  describe('queues.workers', () => {
    it('names the Bull workers connected to a queue', async () => {
      const workers = await waitFor(async () => {
        const list = await c.value('queues.workers', { queue: 'dipper.notifications' });
        return list.length > 0 ? list : null;
      }, 'a worker on dipper.notifications');

      expect(workers).toHaveLength(1);
      expect(workers[0]!.name).toBe('dipper.notifications');
      expect(workers[0]!.addr).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(await c.value('queues.workers', { queue: 'mail' })).toEqual([]);
    });
  });

  describe('global pause', () => {
    it('pauses for every node and records who, why and when', async () => {
      await mail.add('send', { n: 1 });

      const paused = await c.value('queues.pause', { queue: 'mail', reason: 'SMTP relay down' });

      expect(paused.paused).toBe(true);
      expect(paused.counts.paused).toBe(1);
      expect(paused.counts.waiting).toBe(0);
      expect(paused.pause).toMatchObject({
        by: 'tester',
        host: 'test-host',
        reason: 'SMTP relay down',
        resumeAtMs: null,
      });
      expect(Math.abs(paused.pause!.atMs - Date.now())).toBeLessThan(5_000);
      // Another process's Bull sees Bull's own global flag; another node reads the same hash.
      expect(await mail.isPaused()).toBe(true);
      expect(await createPauseStore(client(), c.prefix).get('mail')).toEqual(paused.pause);

      const resumed = await c.value('queues.resume', { queue: 'mail' });

      expect(resumed).toMatchObject({ paused: false, pause: null });
      expect(resumed.counts.waiting).toBe(1);
      expect(await mail.isPaused()).toBe(false);
    });

    it('resumes by itself after resumeAfterMs through a job with a deterministic id', async () => {
      const paused = await c.value('queues.pause', {
        queue: 'mail',
        reason: 'deploy',
        resumeAfterMs: 1_000,
      });
      const resumeAtMs = paused.pause!.resumeAtMs!;
      const job = await c.session.node.queues
        .get(CONSOLE_QUEUE)
        .getJob(resumeJobId('mail', resumeAtMs));

      expect(resumeAtMs - paused.pause!.atMs).toBe(1_000);
      expect(job?.name).toBe(RESUME_JOB);
      const store = createPauseStore(client(), c.prefix);
      await waitFor(
        async () => !(await mail.isPaused()) && (await store.get('mail')) === null,
        'mail to resume by itself and its pause to be forgotten',
      );
    });

    it('leaves a pause set again alone when an older timed resume runs, and runs once', async () => {
      const store = createPauseStore(client(), c.prefix);
      const queues = c.session.node.queues;
      const first = await pauseGlobally(queues, store, 'mail', {
        by: 'ana',
        host: 'ws-1',
        reason: 'first',
        atMs: 1_000,
        resumeAfterMs: 3_600_000,
      });
      await pauseGlobally(queues, store, 'mail', {
        by: 'bo',
        host: 'ws-2',
        reason: 'second',
        atMs: 2_000,
      });
      const resume = createConsoleProcessors({
        client: client(),
        prefix: c.prefix,
        queues,
        log: quietLog,
      })[RESUME_JOB]!;
      const run = (resumeAtMs: number) =>
        resume({
          jobId: resumeJobId('mail', resumeAtMs),
          name: RESUME_JOB,
          data: { queue: 'mail', resumeAtMs },
          attempt: 1,
          signal: new AbortController().signal,
          progress: async () => undefined,
          log: async () => undefined,
        });

      expect(await run(first.resumeAtMs!)).toEqual({ resumed: false });
      expect(await mail.isPaused()).toBe(true);
      expect((await store.get('mail'))?.reason).toBe('second');

      const timed = await pauseGlobally(queues, store, 'mail', {
        by: 'cy',
        host: 'ws-3',
        reason: 'third',
        atMs: 3_000,
        resumeAfterMs: 3_600_000,
      });
      expect(await run(timed.resumeAtMs!)).toEqual({ resumed: true });
      expect(await run(timed.resumeAtMs!)).toEqual({ resumed: false });
      expect(await mail.isPaused()).toBe(false);
      expect(await store.get('mail')).toBeNull();
    });
  });

  describe('local pause', () => {
    it("pauses only this node's worker and shows it in the heartbeat and the summary", async () => {
      const nodeId = c.session.node.nodeId;

      const paused = await c.value('queues.pause', {
        queue: 'dipper.notifications',
        scope: 'local',
        reason: 'INC-9: draining this node',
      });
      const nodes = await c.value('nodes.list', {});
      const listed = await c.value('queues.list', {});

      expect(paused).toMatchObject({ paused: false, pause: null, pausedOnNodes: [nodeId] });
      const expected = {
        by: c.session.operator.user,
        host: c.session.operator.host,
        reason: 'INC-9: draining this node',
        resumeAtMs: null,
      };
      expect(paused.localPauses).toEqual({ [nodeId]: { ...expected, atMs: expect.any(Number) } });
      expect(Math.abs(paused.localPauses[nodeId]!.atMs - Date.now())).toBeLessThan(5_000);
      expect(listed.find((q) => q.name === 'dipper.notifications')?.localPauses).toEqual(
        paused.localPauses,
      );
      expect(await c.session.node.queues.get('dipper.notifications').isPaused(true)).toBe(true);
      expect(nodes.find((n) => n.id === nodeId)?.pausedQueues).toEqual(['dipper.notifications']);

      const resumed = await c.value('queues.resume', {
        queue: 'dipper.notifications',
        scope: 'local',
      });

      expect(resumed.pausedOnNodes).toEqual([]);
      expect(resumed.localPauses).toEqual({});
      expect(await c.session.node.queues.get('dipper.notifications').isPaused(true)).toBe(false);
    });

    it('records the automatic resume of a local pause, and the node resumes by itself', async () => {
      const nodeId = c.session.node.nodeId;
      const queue = c.session.node.queues.get('dipper.notifications');

      const paused = await c.value('queues.pause', {
        queue: 'dipper.notifications',
        scope: 'local',
        reason: 'short drain',
        resumeAfterMs: 60_000,
      });

      const pause = paused.localPauses[nodeId]!;
      expect(pause.resumeAtMs! - pause.atMs).toBe(60_000);
      expect(await queue.isPaused(true)).toBe(true);

      // The timer lives in the node; a shorter one shows it firing without a minute's wait.
      expect(await c.session.node.pauseLocal('dipper.notifications', 200)).toBe(true);
      await vi.waitFor(async () => expect(await queue.isPaused(true)).toBe(false), {
        timeout: 5_000,
      });
      const after = await c.value('queues.list', {});
      expect(after.find((q) => q.name === 'dipper.notifications')).toMatchObject({
        pausedOnNodes: [],
        localPauses: {},
      });
    });

    it('refuses a local pause of a queue this node runs no worker on', async () => {
      const result = await c.call('queues.pause', { queue: 'mail', scope: 'local' });

      expect(result).toMatchObject({ ok: false, code: 'CONFLICT' });
      expect(result.ok ? '' : result.message).toContain('runs no worker on queue "mail"');
    });
  });
});
