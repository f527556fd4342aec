import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../main/log/logger.js';
import { startNode, type DipperNode } from '../../main/node/node.js';
import { builtinProcessors } from '../../main/queues/builtin-processors.js';
import { createProcessorRegistry } from '../../main/queues/processor.js';
import { seriesKey } from '../../shared/alerting/series.js';
import { startHttpReceiver, type HttpReceiver } from '../harness/http-receiver.js';
import { startTestRedis, uniquePrefix, type TestRedis } from '../harness/redis.js';
import { waitFor } from '../harness/wait.js';
import {
  everySecondRule,
  httpJsonSource,
  must,
  notificationsFor,
  startMetricServer,
  transitionsOf,
  webhookChannel,
  type MetricServer,
} from './support/alerting.js';
import { standaloneTarget } from './support/observer.js';

/** The route's repeat interval: a firing Alert that is not acknowledged goes out again this often. */
const REPEAT_MS = 2_000;

/** A bounded "nothing more arrives" window, in ms. */
function quietWindow(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('silences and acknowledgements', () => {
  let redis: TestRedis | undefined;
  let metrics: MetricServer | undefined;
  let receiver: HttpReceiver | undefined;
  let node: DipperNode | undefined;

  beforeAll(async () => {
    [redis, metrics, receiver] = await Promise.all([
      startTestRedis(),
      startMetricServer(),
      startHttpReceiver(),
    ]);
    node = await startNode({
      target: standaloneTarget(redis.port),
      prefix: uniquePrefix('alert-silences'),
      processors: createProcessorRegistry(builtinProcessors()),
      log: createLogger('test'),
    });
    const config = node.alerting?.config;
    if (!config) throw new Error('the node runs no alerting');

    metrics.setValue('/checkout', 1, { service: 'checkout' });
    metrics.setValue('/search', 1, { service: 'search' });
    must(await config.sources.save(httpJsonSource('checkout', `${metrics.url}/checkout`)));
    must(await config.sources.save(httpJsonSource('search', `${metrics.url}/search`)));
    must(await config.channels.save(webhookChannel('hook', `${receiver.url}/alerts`)));
    must(
      await config.routes.save({
        id: 'all',
        channels: ['hook'],
        groupWaitMs: 0,
        groupIntervalMs: 0,
        repeatIntervalMs: REPEAT_MS,
      }),
    );
  });

  afterAll(async () => {
    await node?.stop();
    await Promise.all([redis?.stop(), metrics?.close(), receiver?.close()]);
  });

  describe('when a firing alert is silenced and the silence is removed while it still fires', () => {
    it('sends nothing while silenced, then a repeat at the next evaluation, then the resolve', async () => {
      const deps = node?.alerting?.deps;
      if (!deps || !metrics || !receiver) throw new Error('beforeAll did not finish');
      const { config, alerts, evaluations } = deps;
      const rule = 'checkout-errors';
      const series = seriesKey({ service: 'checkout' });
      must(
        await config.silences.save({
          id: 'checkout-deploy',
          matchers: [{ name: 'service', op: '=', value: 'checkout' }],
          startsAtMs: Date.now() - 1_000,
          endsAtMs: Date.now() + 3_600_000,
          createdBy: 'ana',
          comment: 'deploying checkout',
        }),
      );
      must(await config.saveRule(everySecondRule(rule, 'checkout')));
      await waitFor(async () => (await evaluations.recent(rule)).length >= 2, 'two evaluations');

      metrics.setValue('/checkout', 50, { service: 'checkout' });
      await waitFor(
        async () => (await alerts.load(rule)).instances.get(series)?.state === 'firing',
        'the alert to fire',
      );
      // Longer than a repeat interval: neither the firing nor a repeat may go out.
      await quietWindow(REPEAT_MS + 1_500);
      const whileSilenced = notificationsFor(receiver.requests, rule);
      const removedAtMs = Date.now();
      must(await config.silences.remove('checkout-deploy'));
      const repeat = await waitFor(
        () => notificationsFor(receiver?.requests ?? [], rule)[0],
        'the first notification after the silence',
      );
      metrics.setValue('/checkout', 1, { service: 'checkout' });
      await waitFor(
        () => notificationsFor(receiver?.requests ?? [], rule).length >= 2,
        'the resolve',
      );
      await quietWindow(REPEAT_MS + 1_000);

      const received = notificationsFor(receiver.requests, rule);
      const transitions = await transitionsOf(deps, rule);
      const firingTick = Number(transitions[0]?.split('@')[1]);
      expect(whileSilenced).toEqual([]);
      expect(received.map((n) => `${n.notification.status}/${n.kind}`)).toEqual([
        'firing/repeat',
        'resolved/resolved',
      ]);
      expect(repeat.tickMs).toBeGreaterThan(removedAtMs - 1_000);
      expect(repeat.tickMs).toBeLessThanOrEqual(removedAtMs + 2_000);
      // The repeat says since when the alert fires: the silenced firing tick.
      expect(repeat.notification.alerts[0]).toMatchObject({
        seriesKey: series,
        state: 'firing',
        value: 50,
        startsAtMs: firingTick,
      });
      expect(transitions.map((t) => t.split('@')[0])).toEqual([
        'normal>firing',
        'firing>resolved',
        'resolved>normal',
      ]);
    });
  });

  describe('when a firing alert is acknowledged', () => {
    it('stops repeating until it resolves, and the next episode repeats again', async () => {
      const deps = node?.alerting?.deps;
      if (!deps || !metrics || !receiver) throw new Error('beforeAll did not finish');
      const { config, alerts, evaluations } = deps;
      const rule = 'search-errors';
      const series = seriesKey({ service: 'search' });
      const count = () => notificationsFor(receiver?.requests ?? [], rule).length;
      const waitForCount = (n: number) =>
        waitFor(() => count() >= n, `${n} notifications of ${rule}`);
      must(await config.saveRule(everySecondRule(rule, 'search')));
      await waitFor(async () => (await evaluations.recent(rule)).length >= 2, 'two evaluations');

      metrics.setValue('/search', 50, { service: 'search' });
      await waitForCount(2);
      const acked = must(await alerts.ack(rule, series, 'ana', Date.now()));
      await quietWindow(2 * REPEAT_MS + 1_000);
      const afterAck = count();
      metrics.setValue('/search', 1, { service: 'search' });
      await waitForCount(3);
      const afterResolve = await alerts.load(rule);
      metrics.setValue('/search', 50, { service: 'search' });
      await waitForCount(5);
      metrics.setValue('/search', 1, { service: 'search' });
      await waitForCount(6);
      await quietWindow(REPEAT_MS + 1_000);

      const received = notificationsFor(receiver.requests, rule);
      expect(acked).toMatchObject({ state: 'firing', ackedBy: 'ana' });
      expect(afterAck).toBe(2);
      expect(afterResolve.instances.get(series)).toMatchObject({ state: 'resolved' });
      expect(afterResolve.instances.get(series)?.ackedBy).toBeUndefined();
      expect(received.map((n) => `${n.notification.status}/${n.kind}`)).toEqual([
        'firing/firing',
        'firing/repeat',
        'resolved/resolved',
        'firing/firing',
        'firing/repeat',
        'resolved/resolved',
      ]);
      // Each repeat came one repeat interval after the firing of its episode.
      expect((received[1]?.tickMs ?? 0) - (received[0]?.tickMs ?? 0)).toBe(REPEAT_MS);
      expect((received[4]?.tickMs ?? 0) - (received[3]?.tickMs ?? 0)).toBe(REPEAT_MS);
    });
  });
});
