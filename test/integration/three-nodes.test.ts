import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownerOf } from '../../main/scheduler/rendezvous.js';
import type { NodeProcess } from '../harness/node-process.js';
import { startTestRedis, uniquePrefix, type TestRedis } from '../harness/redis.js';
import { acquireExclusive } from './support/exclusive.js';
import { printNodeLogsOnFailure } from './support/failure-logs.js';
import { startNodeProcesses, waitForMembers } from './support/nodes.js';
import { openObserver, standaloneTarget, type Observer } from './support/observer.js';
import { expectEveryTickOnce, runTickWindow, type WindowSchedule } from './support/tick-window.js';

const NODE_IDS = ['node-a', 'node-b', 'node-c'];
const QUEUES = ['three-a', 'three-b'];
const EVERY_SECOND = '* * * * * *';

// 21 ticks of an every-second schedule span at least 20 s.
const SCHEDULES: WindowSchedule[] = [
  { id: 'sec-1', cron: EVERY_SECOND, queue: 'three-a', data: { n: 1 }, minTicks: 21 },
  { id: 'sec-2', cron: EVERY_SECOND, queue: 'three-b', data: { n: 2, tag: 'b' }, minTicks: 21 },
  { id: 'sec-3', cron: EVERY_SECOND, queue: 'three-a', data: { n: 3, list: [1, 2] }, minTicks: 21 },
  { id: 'sec-4', cron: EVERY_SECOND, queue: 'three-b', data: { n: 4 }, minTicks: 21 },
  { id: 'even-1', cron: '*/2 * * * * *', queue: 'three-a', data: { n: 5 }, minTicks: 11 },
];

describe('three node processes on one Redis', () => {
  let release: (() => Promise<void>) | undefined;
  let redis: TestRedis | undefined;
  let observer: Observer | undefined;
  let nodes: NodeProcess[] = [];

  beforeAll(async () => {
    release = await acquireExclusive('node-processes');
    redis = await startTestRedis();
    const prefix = uniquePrefix('three');
    observer = openObserver(standaloneTarget(redis.port), prefix);
    nodes = await startNodeProcesses(NODE_IDS, [
      '--redis',
      redis.url,
      '--prefix',
      prefix,
      '--queues',
      QUEUES.join(','),
    ]);
  }, 300_000);

  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    await observer?.close();
    await redis?.stop();
    await release?.();
  }, 60_000);

  describe('when four every-second schedules and one every-two-seconds schedule tick for 20 s', () => {
    it('produces and completes every tick exactly once, spread over the nodes by ownership', async () => {
      printNodeLogsOnFailure(() => nodes);
      if (!observer) throw new Error('beforeAll did not finish');
      const owners = SCHEDULES.map((s) => ownerOf(s.id, NODE_IDS));
      // The ids are chosen so that rendezvous hashing gives every node at least one schedule.
      expect(new Set(owners)).toEqual(new Set(NODE_IDS));
      await waitForMembers(observer, NODE_IDS);

      const window = await runTickWindow(observer, SCHEDULES, 45_000);

      const producers = new Set<string>();
      for (const [i, s] of SCHEDULES.entries()) {
        const facts = expectEveryTickOnce(window, s);
        expect(facts.producers).toEqual([owners[i]]);
        for (const p of facts.producers) producers.add(p);
      }
      expect(producers.size).toBeGreaterThan(1);
      expect(window.failedJobs.map((j) => String(j.id))).toEqual([]);
    }, 120_000);
  });

  describe('when the nodes get SIGTERM', () => {
    it('stops every node with exit code 0', async () => {
      printNodeLogsOnFailure(() => nodes);
      const exits = await Promise.all(nodes.map((n) => n.stop('SIGTERM')));

      expect(exits).toEqual(NODE_IDS.map(() => ({ code: 0, signal: null })));
    }, 60_000);
  });
});
