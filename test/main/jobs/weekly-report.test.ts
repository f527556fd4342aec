import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DELIVER_JOB, NOTIFY_QUEUE } from '../../../main/notify/delivery.js';
import { startConsumer, type Consumer } from '../../../main/queues/consumer.js';
import { createProcessorRegistry, type Processor } from '../../../main/queues/processor.js';
import {
  createWeeklyReportProcessor,
  type WeeklyReportResult,
} from '../../../main/jobs/weekly-report.js';
import type { Notification } from '../../../shared/alerting/notification.js';
import { WEEKLY_REPORT_JOB } from '../../../shared/jobs.js';
import { startHttpReceiver, type HttpReceiver } from '../../harness/http-receiver.js';
import { startTestRedis, type TestRedis } from '../../harness/redis.js';
import { waitFor } from '../../harness/wait.js';
import { quietLog } from '../queues/queue-harness.js';
import { openPlatformNode, tickContext, type PlatformNode } from './platform-harness.js';
import { REPORT_TICK, WEEK_HISTORY, WEEK_START } from './report-week.js';

const DATA = { channelIds: ['ops-hook'] };

function ruleInput(id: string, name: string, severity: string) {
  return {
    id,
    name,
    source: { sourceId: 'prom', query: 'up' },
    condition: { op: '>', threshold: 10 },
    evaluate: { cron: '* * * * *' },
    severity,
    summary: 'x',
  };
}

describe('report.weekly', () => {
  let redis: TestRedis;
  let receiver: HttpReceiver;
  let node: PlatformNode;
  let consumer: Consumer | undefined;
  let report: Processor;

  beforeAll(async () => {
    [redis, receiver] = await Promise.all([
      startTestRedis({ appendOnly: false }),
      startHttpReceiver(),
    ]);
  });

  afterAll(async () => {
    await receiver.close();
    await redis.stop();
  });

  beforeEach(async () => {
    receiver.requests.length = 0;
    node = openPlatformNode(redis.port, 'report');
    const { config, history } = node.alerting;
    const prom = {
      id: 'prom',
      name: 'Prometheus',
      config: { kind: 'prometheus', url: 'http://127.0.0.1:9' },
    };
    expect((await config.sources.save(prom)).ok).toBe(true);
    for (const [id, name, severity] of [
      ['checkout-errors', 'Checkout errors', 'critical'],
      ['search-latency', 'Search latency', 'warning'],
    ] as const) {
      expect((await config.saveRule(ruleInput(id, name, severity))).ok).toBe(true);
    }
    const hook = { id: 'ops-hook', name: 'Ops', kind: 'webhook', url: `${receiver.url}/report` };
    expect((await config.channels.save(hook)).ok).toBe(true);
    await history.append([
      ...WEEK_HISTORY,
      // Not a transition: a report counts transitions only.
      {
        kind: 'ack',
        atMs: Date.parse('2024-05-03T00:00:00Z'),
        ruleId: 'checkout-errors',
        labels: { app: 'checkout' },
        severity: 'critical',
        by: 'ana',
      },
    ]);
    report = createWeeklyReportProcessor(node.deps);
  });

  afterEach(async () => {
    await consumer?.stop(1_000);
    consumer = undefined;
    await node.close();
  });

  /** Delivers queued Notifications as a node does, through the alerting's own processor. */
  function startDelivering(): void {
    const deliver = node.alerting.processors[DELIVER_JOB];
    if (!deliver) throw new Error(`alerting has no ${DELIVER_JOB} processor`);
    consumer = startConsumer({
      registry: node.registry,
      queues: [NOTIFY_QUEUE],
      concurrency: 1,
      processors: createProcessorRegistry({ [DELIVER_JOB]: deliver }),
      log: quietLog,
    });
  }

  const run = async (data: object = DATA) =>
    (await report(tickContext(WEEKLY_REPORT_JOB, data, REPORT_TICK))) as WeeklyReportResult;

  async function deliveryJob(jobId: string) {
    return waitFor(async () => {
      const job = await node.registry.get(NOTIFY_QUEUE).getJob(jobId);
      return (await job?.getState()) === 'completed' ? job : null;
    }, `delivery ${jobId} to complete`);
  }

  describe('when the week has firings', () => {
    it("sends one message with every Rule's numbers, busiest first", async () => {
      startDelivering();

      const result = await run();

      const [request] = await receiver.waitForRequests(1);
      const body = request?.body as Notification;
      expect(body.status).toBe('resolved');
      expect(body.groupLabels).toEqual({ report: 'weekly' });
      expect(
        body.alerts.map((a) => [a.ruleId, a.ruleName, a.severity, a.value, a.annotations.summary]),
      ).toEqual([
        [
          'checkout-errors',
          'Checkout errors',
          'critical',
          3,
          '3 firings, 4 h 30 min firing, mean time to resolve 1 h 15 min, 1 flap',
        ],
        [
          'old-rule',
          'old-rule',
          'info',
          2,
          '2 firings, 30 min firing, mean time to resolve 10 min, 1 flap',
        ],
        [
          'search-latency',
          'Search latency',
          'warning',
          0,
          '0 firings, 0 s firing, no resolves, 0 flaps',
        ],
      ]);
      expect(body.alerts[0]).toMatchObject({
        state: 'normal',
        startsAtMs: WEEK_START,
        endsAtMs: REPORT_TICK,
      });
      expect(request?.headers['x-dipper-idempotency-key']).toBe(body.idempotencyKey);
      expect(result).toMatchObject({
        idempotencyKey: body.idempotencyKey,
        fromMs: WEEK_START,
        toMs: REPORT_TICK,
        rules: 3,
        skipped: [],
      });
    });
  });

  describe('when the processor runs twice for the same tick', () => {
    it('delivers exactly one message, even after the first delivery Job is gone', async () => {
      startDelivering();

      const first = await run();
      const jobId = 'queued' in first ? (first.queued[0]?.jobId ?? '') : '';
      await deliveryJob(jobId);
      const second = await run();
      await (await node.registry.get(NOTIFY_QUEUE).getJob(jobId))?.remove();
      const third = await run();
      const thirdJob = await deliveryJob(jobId);

      expect(second).toEqual(first);
      expect(third).toEqual(first);
      expect(thirdJob.returnvalue).toMatchObject({
        channelId: 'ops-hook',
        outcome: 'already-sent',
      });
      expect(receiver.requests).toHaveLength(1);
    });
  });

  describe('when Rules are named', () => {
    it('reports only those', async () => {
      startDelivering();

      await run({ ...DATA, ruleIds: ['search-latency'] });

      const [request] = await receiver.waitForRequests(1);
      expect((request?.body as Notification).alerts.map((a) => a.ruleId)).toEqual([
        'search-latency',
      ]);
    });
  });

  describe('when a channel is not configured', () => {
    it('fails the Job before sending anything, naming the configured channels', async () => {
      await expect(run({ channelIds: ['ops-hook', 'pager'] })).rejects.toThrow(
        'channel "pager" does not exist; configured: ops-hook',
      );

      expect(await node.registry.get(NOTIFY_QUEUE).getJobCounts()).toMatchObject({
        waiting: 0,
        active: 0,
        completed: 0,
      });
    });
  });
});
