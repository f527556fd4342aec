import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeProcess } from '../harness/node-process.js';
import { startTestRedis, uniquePrefix, type TestRedis } from '../harness/redis.js';
import { waitFor } from '../harness/wait.js';
import { acquireExclusive } from './support/exclusive.js';
import { printNodeLogsOnFailure } from './support/failure-logs.js';
import { startNodeProcesses, waitForMembers } from './support/nodes.js';
import { openObserver, standaloneTarget, type Observer } from './support/observer.js';
import { readScheduleFacts, waitForDrain } from './support/ticks.js';

const NODE_IDS = ['node-a', 'node-b'];
const QUEUE = 'restart-q';
const SCHEDULE_ID = 'through-restart';
const CRON = '* * * * * *';
const DATA = { note: 'survives a Redis restart' };
const OUTAGE_MS = 2_000;

describe('nodes across a Redis restart', () => {
  let release: (() => Promise<void>) | undefined;
  let redis: TestRedis | undefined;
  let observer: Observer | undefined;
  let nodes: NodeProcess[] = [];

  beforeAll(async () => {
    release = await acquireExclusive('node-processes');
    redis = await startTestRedis({ appendOnly: true });
    const prefix = uniquePrefix('restart');
    observer = openObserver(standaloneTarget(redis.port), prefix);
    nodes = await startNodeProcesses(NODE_IDS, [
      ...['--redis', redis.url, '--prefix', prefix, '--queues', QUEUE],
    ]);
  }, 300_000);

  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    await observer?.close();
    await redis?.stop();
    await release?.();
  }, 60_000);

  describe('when redis-server is down for 2 s and comes back on the same port with AOF', () => {
    it('resumes by itself and produces every tick of the window once, late rather than lost', async () => {
      printNodeLogsOnFailure(() => nodes);
      if (!observer || !redis) throw new Error('beforeAll did not finish');
      const queue = observer.queue(QUEUE);
      await waitForMembers(observer, NODE_IDS);
      const saved = await observer.store.save(
        {
          id: SCHEDULE_ID,
          name: SCHEDULE_ID,
          cron: CRON,
          queue: QUEUE,
          job: 'echo',
          data: DATA,
          options: { keepCompleted: 1_000 },
        },
        'create',
      );
      expect(saved.ok).toBe(true);
      await waitFor(
        async () => (await queue.getCompletedCount()) >= 5,
        'five completed ticks before the restart',
      );

      const downMs = Date.now();
      await redis.restart(OUTAGE_MS);
      const upMs = Date.now();
      await waitFor(
        async () => {
          const jobs = await queue.getCompleted(0, -1);
          return jobs.filter((j) => Number(j.id.toString().split('.').at(-1)) > upMs).length >= 10;
        },
        'ten completed ticks due after the restart',
        30_000,
      );
      const disabled = await observer.store.update(SCHEDULE_ID, { enabled: false });
      expect(disabled.ok).toBe(true);
      await waitForDrain(observer, [QUEUE], [SCHEDULE_ID], Date.now() + 2_500);

      const completed = await queue.getCompleted(0, -1);
      const facts = await readScheduleFacts(observer, { id: SCHEDULE_ID, cron: CRON }, completed);
      const completedTicks = new Set(facts.completedJobs.map((j) => j.fireMs));
      const missing = facts.expectedTicks.filter((t) => !completedTicks.has(t));
      const duringOutage = facts.expectedTicks.filter((t) => t > downMs && t <= upMs);
      const finishedAfterRestart = facts.completedJobs.filter((j) => (j.finishedOn ?? 0) > upMs);

      // The window spans the outage: ticks before, during and after it.
      expect(facts.expectedTicks[0]).toBeLessThan(downMs);
      expect(facts.expectedTicks.at(-1)).toBeGreaterThan(upMs + 9_000);
      expect(duringOutage.length).toBeGreaterThanOrEqual(2);
      expect(finishedAfterRestart.length).toBeGreaterThanOrEqual(10);
      expect(missing.map((t) => new Date(t).toISOString())).toEqual([]);
      expect(facts.producedTicks).toEqual(facts.expectedTicks);
      expect(facts.completedJobs.map((j) => j.fireMs)).toEqual(facts.expectedTicks);
      expect(facts.completedEventTicks).toEqual(facts.expectedTicks);
      expect(facts.report.missed).toBe(0);
      expect(facts.report.duplicated).toBe(0);
      for (const job of facts.completedJobs) expect(job.returnvalue).toEqual(DATA);
      expect(await queue.getFailedCount()).toBe(0);
    }, 90_000);
  });
});
