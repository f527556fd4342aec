import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERTS_QUEUE } from '../../main/alerts/alerting.js';
import { EVALUATE_JOB, ruleScheduleId } from '../../main/alerts/config-stores.js';
import type { EvaluateResult } from '../../main/alerts/evaluate-job.js';
import { createLogger } from '../../main/log/logger.js';
import { startNode, type DipperNode } from '../../main/node/node.js';
import { builtinProcessors } from '../../main/queues/builtin-processors.js';
import { createProcessorRegistry } from '../../main/queues/processor.js';
import { tickJobId } from '../../main/scheduler/tick-id.js';
import { startHttpReceiver, type HttpReceiver } from '../harness/http-receiver.js';
import { startTestRedis, uniquePrefix, type TestRedis } from '../harness/redis.js';
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

const RULE = 'rerun';

describe('a rule evaluated again for a tick older than its saved state', () => {
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
      prefix: uniquePrefix('alert-reruns'),
      processors: createProcessorRegistry(builtinProcessors()),
      log: createLogger('test'),
    });
    const config = node.alerting?.config;
    if (!config) throw new Error('the node runs no alerting');

    metrics.setValue('/value', 1);
    must(await config.sources.save(httpJsonSource('value', `${metrics.url}/value`)));
    must(await config.channels.save(webhookChannel('hook', `${receiver.url}/alerts`)));
    must(
      await config.routes.save({
        id: 'all',
        channels: ['hook'],
        groupWaitMs: 0,
        groupIntervalMs: 0,
      }),
    );
    // Evaluated only by the ticks the test queues: its own cron fires once a year.
    must(
      await config.saveRule(everySecondRule(RULE, 'value', { evaluate: { cron: '0 0 1 1 *' } })),
    );
  });

  afterAll(async () => {
    await node?.stop();
    await Promise.all([redis?.stop(), metrics?.close(), receiver?.close()]);
  });

  /** Queues the evaluation of one tick, as the producer or a stalled re-run would, and waits. */
  async function evaluateTick(tickMs: number): Promise<EvaluateResult> {
    if (!node) throw new Error('beforeAll did not finish');
    const job = await node.queues
      .get(ALERTS_QUEUE)
      .add(EVALUATE_JOB, { ruleId: RULE }, { jobId: tickJobId(ruleScheduleId(RULE), tickMs) });

    return (await job.finished()) as EvaluateResult;
  }

  describe('when the value changed after the newer tick was saved', () => {
    it('skips the old tick without notifying, and the next tick fires once', async () => {
      if (!metrics || !receiver || !node?.alerting) throw new Error('beforeAll did not finish');
      const newest = Math.floor(Date.now() / 1_000) * 1_000;

      const saved = await evaluateTick(newest);
      metrics.setValue('/value', 50);
      // A tick five seconds older, e.g. a job whose node stalled and that Bull runs again.
      const stale = await evaluateTick(newest - 5_000);
      await new Promise((r) => setTimeout(r, 1_500));
      const afterStale = notificationsFor(receiver.requests, RULE).map((n) => n.kind);
      const next = await evaluateTick(newest + 1_000);
      await receiver.waitForRequests(1);
      await new Promise((r) => setTimeout(r, 1_500));

      const received = notificationsFor(receiver.requests, RULE);
      expect(saved).toMatchObject({ tickMs: newest, state: 'normal', transitions: 0 });
      expect(stale).toMatchObject({ tickMs: newest - 5_000, skipped: 'already evaluated' });
      expect(afterStale).toEqual([]);
      expect(next).toMatchObject({ state: 'firing', transitions: 1, notifications: 1 });
      expect(received.map((n) => `${n.kind}@${n.tickMs}`)).toEqual([`firing@${newest + 1_000}`]);
      expect(await transitionsOf(node.alerting.deps, RULE)).toEqual([
        `normal>firing@${newest + 1_000}`,
      ]);
    });
  });
});
