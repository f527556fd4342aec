import { fileURLToPath } from 'node:url';
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
const QUEUE = 'slow';
const SCHEDULE_ID = 'slow-tick';
const CRON = '* * * * * *';
const DATA = { sleepMs: 4_000, label: 'survives a killed node' };
const TRACED = fileURLToPath(new URL('./support/traced-processors.ts', import.meta.url));

describe('a node killed while it runs a job', () => {
  let release: (() => Promise<void>) | undefined;
  let redis: TestRedis | undefined;
  let observer: Observer | undefined;
  let nodes: NodeProcess[] = [];

  beforeAll(async () => {
    release = await acquireExclusive('node-processes');
    redis = await startTestRedis();
    const prefix = uniquePrefix('kill');
    observer = openObserver(standaloneTarget(redis.port), prefix);
    nodes = await startNodeProcesses(NODE_IDS, [
      ...['--redis', redis.url, '--prefix', prefix, '--queues', QUEUE],
      ...['--lock-duration-ms', '2000', '--stalled-interval-ms', '1000', '--heartbeat-ms', '500'],
      ...['--processors', TRACED],
    ]);
  }, 300_000);

  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    await observer?.close();
    await redis?.stop();
    await release?.();
  }, 60_000);

  describe('when the node is killed with SIGKILL', () => {
    it('lets the other node complete the same job, and loses no tick', async () => {
      printNodeLogsOnFailure(() => nodes);
      if (!observer) throw new Error('beforeAll did not finish');
      const queue = observer.queue(QUEUE);
      await waitForMembers(observer, NODE_IDS);
      const saved = await observer.store.save(
        {
          id: SCHEDULE_ID,
          name: SCHEDULE_ID,
          cron: CRON,
          queue: QUEUE,
          job: 'echo.traced',
          data: DATA,
          options: { keepCompleted: 1_000 },
        },
        'create',
      );
      expect(saved.ok).toBe(true);

      // The first job to start, and the pid of the node running it (from the job's log).
      const running = await waitFor(async () => {
        for (const job of await queue.getActive()) {
          const { logs } = await queue.getJobLogs(String(job.id));
          const pid = /^pid (\d+)$/.exec(logs[0] ?? '')?.[1];
          if (pid) return { jobId: String(job.id), pid: Number(pid) };
        }
        return null;
      }, 'a job running on a node');
      const disabled = await observer.store.update(SCHEDULE_ID, { enabled: false });
      expect(disabled.ok).toBe(true);
      const disabledMs = Date.now();

      const victim = nodes.find((n) => n.pid === running.pid);
      const survivor = nodes.find((n) => n.pid !== running.pid);
      if (!victim || !survivor) throw new Error(`no node has pid ${running.pid}`);
      const exit = await victim.kill('SIGKILL');
      expect(exit).toEqual({ code: null, signal: 'SIGKILL' });
      // Killed mid-sleep: the job had not finished.
      expect((await queue.getJob(running.jobId))?.finishedOn).toBeUndefined();

      await waitForDrain(observer, [QUEUE], [SCHEDULE_ID], disabledMs + 2_500, 40_000);

      const completed = await queue.getCompleted(0, -1);
      const facts = await readScheduleFacts(observer, { id: SCHEDULE_ID, cron: CRON }, completed);
      const killedTick = Number(running.jobId.split('.').at(-1));
      const killedRecord = facts.report.ticks.find((t) => t.tickMs === killedTick);
      const completedBy = facts.events
        .filter((e) => e.event === 'completed' && e.tickMs === killedTick)
        .map((e) => e.nodeId);
      const { logs } = await queue.getJobLogs(running.jobId);
      const killedJob = facts.completedJobs.find((j) => j.id === running.jobId);

      expect(completedBy).toEqual([survivor.nodeId]);
      expect(killedRecord?.outcome).toBe('completed');
      expect(logs).toEqual([`pid ${victim.pid}`, `pid ${survivor.pid}`]);
      expect(killedJob?.returnvalue).toEqual(DATA);
      expect(facts.expectedTicks.length).toBeGreaterThanOrEqual(1);
      expect(facts.expectedTicks).toContain(killedTick);
      expect(facts.producedTicks).toEqual(facts.expectedTicks);
      expect(facts.completedJobs.map((j) => j.fireMs)).toEqual(facts.expectedTicks);
      expect(facts.completedEventTicks).toEqual(facts.expectedTicks);
      expect(facts.report.missed).toBe(0);
      expect(facts.report.duplicated).toBe(0);
      expect(await queue.getFailedCount()).toBe(0);
    }, 90_000);
  });
});
