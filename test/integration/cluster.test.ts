import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownerOf } from '../../main/scheduler/rendezvous.js';
import type { NodeProcess } from '../harness/node-process.js';
import { startTestCluster, uniquePrefix, type TestCluster } from '../harness/redis.js';
import { acquireExclusive } from './support/exclusive.js';
import { printNodeLogsOnFailure } from './support/failure-logs.js';
import { startNodeProcesses, waitForMembers } from './support/nodes.js';
import { clusterTarget, openObserver, type Observer } from './support/observer.js';
import { expectEveryTickOnce, runTickWindow, type WindowSchedule } from './support/tick-window.js';

const NODE_IDS = ['node-a', 'node-b', 'node-c'];
const QUEUE = 'cluster-q';

const SCHEDULES: WindowSchedule[] = [
  { id: 'cl-1', cron: '* * * * * *', queue: QUEUE, data: { n: 1 }, minTicks: 21 },
  { id: 'cl-2', cron: '* * * * * *', queue: QUEUE, data: { n: 2, tag: 'two' }, minTicks: 21 },
  { id: 'cl-3', cron: '* * * * * *', queue: QUEUE, data: { n: 3 }, minTicks: 21 },
];

describe('three node processes on a three-master Redis Cluster', () => {
  let release: (() => Promise<void>) | undefined;
  let cluster: TestCluster | undefined;
  let observer: Observer | undefined;
  let nodes: NodeProcess[] = [];

  beforeAll(async () => {
    release = await acquireExclusive('node-processes');
    cluster = await startTestCluster(3);
    // One hash tag keeps every key of the prefix, Bull's and Dipper's, in one slot.
    const prefix = `{${uniquePrefix('cluster')}}`;
    observer = openObserver(clusterTarget(cluster.seeds), prefix);
    nodes = await startNodeProcesses(NODE_IDS, [
      '--cluster',
      cluster.seeds,
      '--prefix',
      prefix,
      '--queues',
      QUEUE,
    ]);
  }, 300_000);

  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    await observer?.close();
    await cluster?.stop();
    await release?.();
  }, 60_000);

  describe('when three every-second schedules tick for 20 s', () => {
    it('produces and completes every tick exactly once, spread over the nodes by ownership', async () => {
      printNodeLogsOnFailure(() => nodes);
      if (!observer) throw new Error('beforeAll did not finish');
      const owners = SCHEDULES.map((s) => ownerOf(s.id, NODE_IDS));
      // The ids are chosen so that rendezvous hashing gives the schedules to two nodes.
      expect(new Set(owners).size).toBe(2);
      await waitForMembers(observer, NODE_IDS);

      const window = await runTickWindow(observer, SCHEDULES, 45_000);

      const producers = new Set<string>();
      for (const [i, s] of SCHEDULES.entries()) {
        const facts = expectEveryTickOnce(window, s);
        expect(facts.producers).toEqual([owners[i]]);
        for (const p of facts.producers) producers.add(p);
      }
      expect(producers.size).toBe(2);
      expect(window.failedJobs.map((j) => String(j.id))).toEqual([]);
    }, 120_000);
  });
});
