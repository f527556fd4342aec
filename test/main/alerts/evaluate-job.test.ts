import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAlerting } from '../../../main/alerts/alerting.js';
import { EVALUATE_JOB, ruleScheduleId } from '../../../main/alerts/config-stores.js';
import { dipperKeys } from '../../../main/connection/keys.js';
import { createScheduleStore } from '../../../main/scheduler/schedule-store.js';
import { evaluationLogKey } from '../../../main/alerts/history/evaluation-log.js';
import { repeatMarksKey } from '../../../main/alerts/notifier.js';
import type { Processor } from '../../../main/queues/processor.js';
import { tickJobId } from '../../../main/scheduler/tick-id.js';
import { startTestRedis, type TestRedis } from '../../harness/redis.js';
import { openPlatformNode, type PlatformNode } from '../jobs/platform-harness.js';
import { fakeContext } from '../queues/fake-context.js';
import { openTestNode, quietLog } from '../queues/queue-harness.js';
import { sendJson, startFakeHttp, type FakeHttp } from './sources/fake-http.js';

const T0 = Date.parse('2026-05-01T10:00:00Z');

/** A second node's alerting on the same Redis and prefix as `node`. */
function openPeer(port: number, node: PlatformNode) {
  const peer = openTestNode(port, node.prefix);
  const alerting = createAlerting({
    connection: peer.connection,
    queues: peer.registry,
    schedules: createScheduleStore(peer.connection.client, dipperKeys(node.prefix), quietLog),
    log: quietLog,
  });

  return { ...peer, alerting, evaluate: alerting.processors[EVALUATE_JOB] as Processor };
}

describe('the alert.evaluate processor', () => {
  let redis: TestRedis;
  let http: FakeHttp;
  let node: PlatformNode;
  let evaluate: Processor;
  const values: Record<string, number> = { '/a': 50, '/b': 5 };

  const rule = (threshold: number) => ({
    id: 'cpu',
    name: 'CPU',
    source: { sourceId: 'src', query: 'value' },
    condition: { op: '>', threshold },
    evaluate: { cron: '* * * * * *' },
    severity: 'warning',
    summary: '{{ $value }}',
  });
  const source = (path: string) => ({
    id: 'src',
    name: 'metric',
    config: { kind: 'http-json', url: `${http.url}${path}`, valuePath: '$.value' },
  });
  const run = (tickMs: number) =>
    evaluate(
      fakeContext(
        { ruleId: 'cpu' },
        { name: EVALUATE_JOB, jobId: tickJobId(ruleScheduleId('cpu'), tickMs) },
      ),
    );

  beforeAll(async () => {
    redis = await startTestRedis();
    http = await startFakeHttp();
    http.respond((req, res) => sendJson(res, { value: values[req.url] ?? 0 }));
  });

  afterAll(async () => {
    await http.close();
    await redis.stop();
  });

  beforeEach(async () => {
    node = openPlatformNode(redis.port, 'evaluate-job');
    evaluate = node.alerting.processors[EVALUATE_JOB] as Processor;
    http.requests.length = 0;
  });

  afterEach(async () => {
    await node.close();
  });

  describe('when the Rule and its source are edited between evaluations', () => {
    it('evaluates each tick with the Rule and source as they are at that tick', async () => {
      const { config } = node.alerting;
      await config.sources.save(source('/a'));
      await config.rules.save(rule(100));

      expect(await run(T0)).toMatchObject({ state: 'normal', transitions: 0 });
      await config.rules.save(rule(10));
      expect(await run(T0 + 1_000)).toMatchObject({ state: 'firing', transitions: 1 });
      await config.sources.save(source('/b'));
      expect(await run(T0 + 2_000)).toMatchObject({ state: 'resolved', transitions: 1 });

      // The threshold edit kept the query: its early answer was used, not asked again.
      expect(http.requests.map((r) => r.url)).toEqual(['/a', '/a', '/a', '/b']);
      const logged = await node.connection.client.lrange(
        evaluationLogKey(node.prefix, 'cpu'),
        0,
        -1,
      );
      expect(logged.map((text) => (JSON.parse(text) as { state: string }).state)).toEqual([
        'resolved',
        'firing',
        'normal',
      ]);
    });
  });

  describe('when a tick is evaluated again', () => {
    it('skips it and logs nothing more', async () => {
      const { config } = node.alerting;
      await config.sources.save(source('/a'));
      await config.rules.save(rule(10));

      expect(await run(T0)).toMatchObject({ state: 'firing', transitions: 1 });
      expect(await run(T0)).toMatchObject({ skipped: 'already evaluated', transitions: 0 });

      expect(await node.alerting.deps.alerts.newestTick('cpu')).toBe(T0);
      const key = evaluationLogKey(node.prefix, 'cpu');
      expect(await node.connection.client.llen(key)).toBe(1);
    });
  });

  describe('when another node saved a tick since this node evaluated the Rule', () => {
    it('evaluates from the saved state, not its own, and notifies nothing twice', async () => {
      const { config } = node.alerting;
      await config.sources.save(source('/a'));
      await config.channels.save({
        id: 'hook',
        name: 'hook',
        kind: 'webhook',
        url: `${http.url}/hook`,
        enabled: true,
      });
      await config.routes.save({ id: 'all', channels: ['hook'] });
      await config.rules.save(rule(100));
      const other = openPeer(redis.port, node);
      const runOn = (processor: Processor, tickMs: number) =>
        processor(
          fakeContext(
            { ruleId: 'cpu' },
            { name: EVALUATE_JOB, jobId: tickJobId(ruleScheduleId('cpu'), tickMs) },
          ),
        );

      try {
        expect(await run(T0)).toMatchObject({ state: 'normal' });
        // This node now holds the state it saved; the other node moves it on.
        await other.alerting.config.rules.save(rule(10));
        expect(await runOn(other.evaluate, T0 + 1_000)).toMatchObject({
          state: 'firing',
          transitions: 1,
          notifications: 1,
        });

        // From its own state (normal, threshold 100) this node would save normal again.
        expect(await run(T0 + 2_000)).toMatchObject({
          state: 'firing',
          transitions: 0,
          notifications: 0,
        });
        expect(await run(T0 + 3_000)).toMatchObject({ state: 'firing', notifications: 0 });
      } finally {
        await other.close();
      }
      const logged = await node.connection.client.llen(evaluationLogKey(node.prefix, 'cpu'));
      expect(logged).toBe(4);
    });

    it('does not save over a tick the other node saved after it', async () => {
      const { config } = node.alerting;
      await config.sources.save(source('/b'));
      await config.rules.save(rule(100));
      const other = openPeer(redis.port, node);

      try {
        expect(await run(T0)).toMatchObject({ state: 'normal' });
        await other.evaluate(
          fakeContext(
            { ruleId: 'cpu' },
            { name: EVALUATE_JOB, jobId: tickJobId(ruleScheduleId('cpu'), T0 + 2_000) },
          ),
        );

        expect(await run(T0 + 1_000)).toMatchObject({ skipped: 'already evaluated' });
      } finally {
        await other.close();
      }
      expect(await node.alerting.deps.alerts.newestTick('cpu')).toBe(T0 + 2_000);
    });
  });

  describe('when a firing Alert is sent through a route', () => {
    it('saves the repeat mark with the state and repeats only after the interval', async () => {
      const { config } = node.alerting;
      await config.sources.save(source('/a'));
      await config.channels.save({
        id: 'hook',
        name: 'hook',
        kind: 'webhook',
        url: `${http.url}/hook`,
        enabled: true,
      });
      await config.routes.save({ id: 'all', channels: ['hook'], repeatIntervalMs: 60_000 });
      await config.rules.save(rule(10));

      expect(await run(T0)).toMatchObject({ state: 'firing', notifications: 1 });
      expect(await run(T0 + 1_000)).toMatchObject({ state: 'firing', notifications: 0 });
      expect(await run(T0 + 60_000)).toMatchObject({ state: 'firing', notifications: 1 });

      const marks = await node.connection.client.hgetall(repeatMarksKey(node.prefix, 'cpu'));
      expect(marks).toEqual({ 'all|{}': String(T0 + 60_000) });
    });
  });
});
