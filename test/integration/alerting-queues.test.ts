import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../main/log/logger.js';
import { startNode, type DipperNode } from '../../main/node/node.js';
import { builtinProcessors } from '../../main/queues/builtin-processors.js';
import { createProcessorRegistry } from '../../main/queues/processor.js';
import { startHttpReceiver, type HttpReceiver } from '../harness/http-receiver.js';
import { startTestRedis, uniquePrefix, type TestRedis } from '../harness/redis.js';
import { waitFor } from '../harness/wait.js';
import {
  everySecondRule,
  must,
  notificationsFor,
  transitionsOf,
  webhookChannel,
  type AlertingView,
} from './support/alerting.js';
import { standaloneTarget } from './support/observer.js';

const QUEUE = 'payments';
const RULE = 'payments-failing';

describe('a rule on the queues source of a real Bull queue', () => {
  let redis: TestRedis | undefined;
  let receiver: HttpReceiver | undefined;
  let node: DipperNode | undefined;

  beforeAll(async () => {
    [redis, receiver] = await Promise.all([startTestRedis(), startHttpReceiver()]);
    node = await startNode({
      target: standaloneTarget(redis.port),
      prefix: uniquePrefix('alert-queues'),
      processors: createProcessorRegistry(builtinProcessors()),
      log: createLogger('test'),
      queues: [QUEUE],
    });
  });

  afterAll(async () => {
    await node?.stop();
    await Promise.all([redis?.stop(), receiver?.close()]);
  });

  it('fires once three jobs failed and resolves once the failed jobs are cleaned', async () => {
    const alerting = node?.alerting;
    if (!node || !alerting || !receiver) throw new Error('beforeAll did not finish');
    const { config } = alerting;
    const view: AlertingView = alerting.deps;
    const queue = node.queues.get(QUEUE);
    must(
      await config.sources.save({
        id: 'payments-failed',
        name: 'Failed payments',
        config: { kind: 'queues', queue: QUEUE, metric: 'failed' },
      }),
    );
    must(await config.channels.save(webhookChannel('hook', `${receiver.url}/alerts`)));
    must(
      await config.routes.save({
        id: 'all',
        channels: ['hook'],
        groupWaitMs: 0,
        groupIntervalMs: 0,
      }),
    );
    must(
      await config.saveRule(
        everySecondRule(RULE, 'payments-failed', {
          name: 'Payments failing',
          condition: { op: '>=', threshold: 3 },
          severity: 'critical',
          summary: '{{ $labels.queue }} has {{ $value }} failed jobs',
        }),
      ),
    );
    await waitFor(
      async () => (await view.evaluations.recent(RULE)).length >= 2,
      'two evaluations of the rule',
    );
    const [quiet] = await view.evaluations.recent(RULE, 1);

    for (const order of [1, 2, 3]) {
      await queue.add('echo', { failTimes: 1, order }, { attempts: 1 });
    }
    const [firing] = await receiver.waitForRequests(1, 20_000);
    const failedCount = await queue.getFailedCount();
    const cleaned = await queue.clean(0, 'failed');
    const [, resolved] = await receiver.waitForRequests(2, 20_000);
    // A bounded window in which nothing more may arrive.
    await new Promise((r) => setTimeout(r, 2_000));

    const received = notificationsFor(receiver.requests, RULE);
    expect(quiet).toMatchObject({ state: 'normal', value: 0, series: 1 });
    expect(failedCount).toBe(3);
    expect(cleaned).toHaveLength(3);
    expect(receiver.requests).toHaveLength(2);
    expect(firing?.path).toBe('/alerts');
    expect(resolved?.path).toBe('/alerts');
    expect(received.map((n) => n.notification.status)).toEqual(['firing', 'resolved']);
    expect(received[0]?.notification.alerts).toEqual([
      {
        ruleId: RULE,
        ruleName: 'Payments failing',
        seriesKey: '{metric="failed",queue="payments"}',
        labels: { alertname: 'Payments failing', metric: 'failed', queue: QUEUE },
        annotations: { summary: 'payments has 3 failed jobs', description: '' },
        severity: 'critical',
        state: 'firing',
        value: 3,
        threshold: 3,
        startsAtMs: received[0]?.tickMs,
      },
    ]);
    // The resolve says how long it fired: from the firing tick to the resolving one.
    expect(received[1]?.notification.alerts[0]).toMatchObject({
      state: 'resolved',
      value: 0,
      startsAtMs: received[0]?.tickMs,
      endsAtMs: received[1]?.tickMs,
    });
    expect(await transitionsOf(view, RULE)).toEqual([
      `normal>firing@${received[0]?.tickMs}`,
      `firing>resolved@${received[1]?.tickMs}`,
      `resolved>normal@${(received[1]?.tickMs ?? 0) + 1_000}`,
    ]);
  });
});
