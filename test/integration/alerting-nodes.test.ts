import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTIFY_QUEUE } from '../../main/alerts/alerting.js';
import { ruleScheduleId } from '../../main/alerts/config-stores.js';
import { deliveryJobId } from '../../main/notify/delivery.js';
import { markerKey, readMarker } from '../../main/notify/delivery-marker.js';
import { startHttpReceiver, type HttpReceiver } from '../harness/http-receiver.js';
import type { NodeProcess } from '../harness/node-process.js';
import { startTestRedis, uniquePrefix, type TestRedis } from '../harness/redis.js';
import { waitFor } from '../harness/wait.js';
import {
  everySecondRule,
  httpJsonSource,
  must,
  notificationsFor,
  openAlertingView,
  pidsConnectedTo,
  startMetricServer,
  transitionsOf,
  webhookChannel,
  type AlertingView,
  type MetricServer,
} from './support/alerting.js';
import { acquireExclusive } from './support/exclusive.js';
import { printNodeLogsOnFailure } from './support/failure-logs.js';
import { startNodeProcesses, waitForMembers } from './support/nodes.js';
import { openObserver, standaloneTarget, type Observer } from './support/observer.js';

const NODE_IDS = ['alert-a', 'alert-b', 'alert-c'];
const STEADY_RULES = ['cpu-1', 'cpu-2', 'cpu-3'];
const KILL_RULE = 'kill-switch';
/** How long the slow receiver holds its first request: the window to find and kill its sender. */
const SLOW_ANSWER_MS = 5_000;
/** The delivered-marker lease (DEFAULT_DELIVERY_SETTINGS.leaseMs): a killed sender's hold. */
const LEASE_MS = 30_000;
/** Routes that send each evaluation's Notifications at once, keyed by Rule and tick. */
const UNGROUPED = { groupWaitMs: 0, groupIntervalMs: 0 };
const KEY_SHAPE = /^[a-z0-9-]+\.[a-z0-9-]+\.[0-9a-f]{16}\.(firing|repeat|resolved)\.\d+000$/;

/** A bounded "nothing more arrives" window, in ms. */
function quietWindow(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('alerting on three node processes', () => {
  let release: (() => Promise<void>) | undefined;
  let redis: TestRedis | undefined;
  let metrics: MetricServer | undefined;
  let receiver: HttpReceiver | undefined;
  let slowReceiver: HttpReceiver | undefined;
  let observer: Observer | undefined;
  let view: AlertingView | undefined;
  let nodes: NodeProcess[] = [];
  const prefix = uniquePrefix('alert-nodes');

  beforeAll(async () => {
    release = await acquireExclusive('node-processes');
    [redis, metrics, receiver, slowReceiver] = await Promise.all([
      startTestRedis(),
      startMetricServer(),
      startHttpReceiver(),
      startHttpReceiver(),
    ]);
    observer = openObserver(standaloneTarget(redis.port), prefix);
    view = openAlertingView(observer, prefix);
    nodes = await startNodeProcesses(NODE_IDS, [
      ...['--redis', redis.url, '--prefix', prefix],
      ...['--lock-duration-ms', '2000', '--stalled-interval-ms', '1000', '--heartbeat-ms', '500'],
    ]);

    const { config } = view;
    metrics.setValue('/steady', 1);
    metrics.setValue('/kill', 1);
    must(await config.sources.save(httpJsonSource('steady', `${metrics.url}/steady`)));
    must(await config.sources.save(httpJsonSource('kill', `${metrics.url}/kill`)));
    must(await config.channels.save(webhookChannel('hook', `${receiver.url}/alerts`)));
    must(await config.channels.save(webhookChannel('slow-hook', `${slowReceiver.url}/alerts`)));
    must(
      await config.routes.save({
        id: 'steady',
        matchers: [{ name: 'phase', op: '=', value: 'steady' }],
        channels: ['hook'],
        ...UNGROUPED,
      }),
    );
    must(
      await config.routes.save({
        id: 'kill',
        matchers: [{ name: 'phase', op: '=', value: 'kill' }],
        channels: ['slow-hook'],
        ...UNGROUPED,
      }),
    );
  }, 300_000);

  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    await observer?.close();
    await Promise.all([redis?.stop(), metrics?.close(), receiver?.close(), slowReceiver?.close()]);
    await release?.();
  }, 60_000);

  it('delivers each firing and resolved transition of three rules exactly once', async () => {
    printNodeLogsOnFailure(() => nodes);
    if (!observer || !view || !metrics || !receiver) throw new Error('beforeAll did not finish');
    const { evaluations } = view;
    await waitForMembers(observer, NODE_IDS);
    for (const id of STEADY_RULES) {
      must(
        await view.config.saveRule(everySecondRule(id, 'steady', { labels: { phase: 'steady' } })),
      );
    }
    await waitFor(async () => {
      const logs = await Promise.all(STEADY_RULES.map((id) => evaluations.recent(id)));
      return logs.every((l) => l.length >= 3);
    }, 'three evaluations of every rule');

    metrics.setValue('/steady', 50);
    await receiver.waitForRequests(3, 20_000);
    metrics.setValue('/steady', 1);
    await receiver.waitForRequests(6, 20_000);
    await quietWindow(3_000);

    const requests = receiver.requests;
    expect(requests).toHaveLength(6);
    for (const id of STEADY_RULES) {
      const received = notificationsFor(requests, id);
      const transitions = await transitionsOf(view, id);
      const firingTick = received[0]?.tickMs;
      const resolvedTick = received[1]?.tickMs;

      expect(received.map((n) => n.notification.status)).toEqual(['firing', 'resolved']);
      expect(received.map((n) => n.kind)).toEqual(['firing', 'resolved']);
      // The keys name exactly the ticks at which the state machine moved.
      expect(transitions).toEqual([
        `normal>firing@${firingTick}`,
        `firing>resolved@${resolvedTick}`,
        `resolved>normal@${(resolvedTick ?? 0) + 1_000}`,
      ]);
      expect(received[0]?.notification.alerts[0]).toMatchObject({
        ruleId: id,
        labels: { alertname: id, phase: 'steady' },
        annotations: { summary: '50 is above 10' },
        state: 'firing',
        value: 50,
      });
      expect(received[1]?.notification.alerts[0]).toMatchObject({ state: 'resolved', value: 1 });
    }
    const keys = requests.map((r) => r.headers['x-dipper-idempotency-key']);
    expect(new Set(keys).size).toBe(6);
    for (const request of requests) {
      const body = request.body as { idempotencyKey?: unknown };
      expect(request.headers['x-dipper-idempotency-key']).toBe(body.idempotencyKey);
      expect(body.idempotencyKey).toMatch(KEY_SHAPE);
    }

    // All three nodes took part: the evaluations of one rule were completed on several nodes.
    const completedBy = new Set<string>();
    for (const id of STEADY_RULES) {
      for (const event of await observer.tickStore.readLedger(ruleScheduleId(id), 10_000)) {
        if (event.event === 'completed') completedBy.add(event.nodeId);
      }
    }
    expect(completedBy.size).toBeGreaterThanOrEqual(2);
  }, 120_000);

  describe('when the node sending a notification is killed mid-delivery', () => {
    it('sends the notification again after the lease, under the same key, and resolves once', async () => {
      printNodeLogsOnFailure(() => nodes);
      if (!observer || !view || !metrics || !slowReceiver) {
        throw new Error('beforeAll did not finish');
      }
      const slow = slowReceiver;
      const { evaluations } = view;
      slow.respond((_request, index) => ({
        status: 200,
        body: { ok: true },
        delayMs: index === 0 ? SLOW_ANSWER_MS : 0,
      }));
      must(
        await view.config.saveRule(
          everySecondRule(KILL_RULE, 'kill', { labels: { phase: 'kill' } }),
        ),
      );
      await waitFor(
        async () => (await evaluations.recent(KILL_RULE)).length >= 2,
        'two evaluations of the rule',
      );

      metrics.setValue('/kill', 50);
      const [first] = await slow.waitForRequests(1, 20_000);
      const port = Number(new URL(slow.url).port);
      const senders = await pidsConnectedTo(
        port,
        nodes.map((n) => n.pid),
      );
      const active = await observer.queue(NOTIFY_QUEUE).getActive();
      const victim = nodes.find((n) => n.pid === senders[0]);
      if (!victim || !first) throw new Error(`no node holds the delivery (senders: ${senders})`);
      const exit = await victim.kill('SIGKILL');
      const killedAtMs = Date.now();
      // Killed while the receiver still held the request: the sender never saw an answer.
      expect(killedAtMs - first.receivedAtMs).toBeLessThan(SLOW_ANSWER_MS);
      expect(exit).toEqual({ code: null, signal: 'SIGKILL' });
      expect(senders).toHaveLength(1);
      expect(active.map((j) => j.name)).toEqual(['notify.deliver']);

      const [, second] = await slow.waitForRequests(2, LEASE_MS + 30_000);
      const survivors = nodes.filter((n) => n !== victim).map((n) => n.pid);
      const resender = await pidsConnectedTo(port, survivors);
      metrics.setValue('/kill', 1);
      await slow.waitForRequests(3, 20_000);
      await quietWindow(3_000);

      const received = notificationsFor(slow.requests, KILL_RULE);
      const transitions = await transitionsOf(view, KILL_RULE);
      const firingKey = received[0]?.notification.idempotencyKey ?? '';
      const resolvedKey = received[2]?.notification.idempotencyKey ?? '';
      const marker = await readMarker(observer.client, markerKey(prefix, 'slow-hook', firingKey));
      const jobId = deliveryJobId(firingKey, 'slow-hook');
      const job = await observer.queue(NOTIFY_QUEUE).getJob(jobId);
      const { logs } = await observer.queue(NOTIFY_QUEUE).getJobLogs(jobId);

      expect(slow.requests).toHaveLength(3);
      expect(received.map((n) => n.notification.status)).toEqual(['firing', 'firing', 'resolved']);
      expect(received.map((n) => n.headerKey)).toEqual([firingKey, firingKey, resolvedKey]);
      expect(received[1]?.notification).toEqual(received[0]?.notification);
      expect([...new Set(received.map((n) => n.headerKey))]).toHaveLength(2);
      expect(transitions).toEqual([
        `normal>firing@${received[0]?.tickMs}`,
        `firing>resolved@${received[2]?.tickMs}`,
        `resolved>normal@${(received[2]?.tickMs ?? 0) + 1_000}`,
      ]);
      // The copy waits out the dead sender's lease (claimed just before the first request).
      const gapMs = (second?.receivedAtMs ?? 0) - first.receivedAtMs;
      expect(gapMs).toBeGreaterThanOrEqual(LEASE_MS - 1_000);
      expect(gapMs).toBeLessThan(LEASE_MS + 15_000);
      expect(resender).toHaveLength(1);
      expect(marker).toMatchObject({ state: 'sent', jobId: job?.id });
      expect(job?.returnvalue).toEqual({
        channelId: 'slow-hook',
        outcome: 'sent',
        status: 200,
        detail: '{"ok":true}',
      });
      // The killed attempt left no trace in the job and used up no attempt: the stalled check
      // moved it back to wait and the re-run was attempt 1 again.
      expect(logs).toEqual(['attempt 1: sent (200)']);
      expect(job?.attemptsMade).toBe(0);
    }, 150_000);
  });
});
