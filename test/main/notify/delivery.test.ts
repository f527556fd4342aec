import type Bull from 'bull';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openConnection, type Connection } from '../../../main/connection/connection.js';
import { claimDelivery, markerKey, readMarker } from '../../../main/notify/delivery-marker.js';
import {
  createDelivery,
  DELIVER_JOB,
  deliveryJobId,
  NOTIFY_QUEUE,
  type Delivery,
  type DeliveryAttempt,
  type DeliverySettings,
} from '../../../main/notify/delivery.js';
import { startConsumer, type Consumer } from '../../../main/queues/consumer.js';
import { createProcessorRegistry, type ProcessorContext } from '../../../main/queues/processor.js';
import { createQueueRegistry, type QueueRegistry } from '../../../main/queues/queue-registry.js';
import type { Channel } from '../../../shared/alerting/channel.js';
import { startHttpReceiver, type HttpReceiver } from '../../harness/http-receiver.js';
import { startTestRedis, uniquePrefix, type TestRedis } from '../../harness/redis.js';
import { waitFor } from '../../harness/wait.js';
import { channelOf, firingNotification, recordingLog } from './fixtures.js';

const FAST: Partial<DeliverySettings> = {
  attempts: 5,
  backoffMs: 50,
  sendTimeoutMs: 500,
  leaseMs: 1_000,
};

/** One node's delivery: its own Redis connection, queue registry, processor and consumer. */
interface DeliveryNode {
  connection: Connection;
  registry: QueueRegistry;
  delivery: Delivery;
  consumer: Consumer | undefined;
  attempts: DeliveryAttempt[];
  queue(): Bull.Queue;
  close(): Promise<void>;
}

describe('createDelivery', () => {
  let redis: TestRedis;
  let receiver: HttpReceiver;
  let prefix: string;
  let channels: Channel[];
  let nodes: DeliveryNode[];

  beforeAll(async () => {
    redis = await startTestRedis({ appendOnly: false });
    receiver = await startHttpReceiver();
  });

  afterAll(async () => {
    await receiver.close();
    await redis.stop();
  });

  beforeEach(() => {
    prefix = uniquePrefix('notify');
    receiver.requests.length = 0;
    receiver.answer({ status: 200, body: { ok: true } });
    channels = [
      channelOf({ id: 'hook', name: 'Hook', kind: 'webhook', url: `${receiver.url}/hook` }),
      channelOf({
        id: 'off',
        name: 'Off',
        kind: 'webhook',
        url: `${receiver.url}/off`,
        enabled: false,
      }),
    ];
    nodes = [];
  });

  afterEach(async () => {
    await Promise.all(nodes.map((n) => n.close()));
  });

  function startNode(
    options: { consume?: boolean; settings?: Partial<DeliverySettings> } = {},
  ): DeliveryNode {
    const log = recordingLog();
    const connection = openConnection(
      { kind: 'standalone', options: { host: '127.0.0.1', port: redis.port } },
      prefix,
      log,
    );
    const registry = createQueueRegistry(connection, log);
    const attempts: DeliveryAttempt[] = [];
    const delivery = createDelivery({
      registry,
      client: connection.client,
      prefix,
      channels: () => channels,
      log,
      onAttempt: (event) => attempts.push(event),
      settings: { ...FAST, ...options.settings },
    });
    const consumer =
      options.consume === false
        ? undefined
        : startConsumer({
            registry,
            queues: [NOTIFY_QUEUE],
            concurrency: 2,
            processors: createProcessorRegistry({ [DELIVER_JOB]: delivery.processor }),
            log,
          });
    const node: DeliveryNode = {
      connection,
      registry,
      delivery,
      consumer,
      attempts,
      queue: () => registry.get(NOTIFY_QUEUE),
      close: async () => {
        await consumer?.stop(1_000);
        await registry.closeAll();
        await connection.close();
      },
    };
    nodes.push(node);

    return node;
  }

  async function settledJob(node: DeliveryNode, jobId: string, state: 'completed' | 'failed') {
    await waitFor(
      async () => (await (await node.queue().getJob(jobId))?.getState()) === state,
      `job ${jobId} ${state}`,
    );
    const job = await node.queue().getJob(jobId);
    if (!job) throw new Error(`job ${jobId} vanished`);

    return job;
  }

  function fakeContext(jobId: string, data: unknown): ProcessorContext {
    return {
      jobId,
      name: DELIVER_JOB,
      data,
      attempt: 1,
      signal: new AbortController().signal,
      progress: async () => undefined,
      log: async () => undefined,
    };
  }

  describe('deliveryJobId', () => {
    it('is the same for the same pair, has no colon and is not numeric', () => {
      const key = 'rule:a{b}:firing:1704164945000';

      const id = deliveryJobId(key, 'hook');

      expect(id).toMatch(/^notify\.hook\.[0-9a-f]{32}$/);
      expect(deliveryJobId(key, 'hook')).toBe(id);
      expect(deliveryJobId(key, 'mail')).not.toBe(id);
    });
  });

  describe('when the receiver fails twice, then accepts', () => {
    it('delivers once on the third attempt and keeps both failures on the Job', async () => {
      receiver.failFirst(2, { status: 500, body: 'database is down' });
      const node = startNode();
      const notification = firingNotification();
      const jobId = deliveryJobId(notification.idempotencyKey, 'hook');

      const enqueued = await node.delivery.enqueue(notification, ['hook', 'off', 'nope']);
      const job = await settledJob(node, jobId, 'completed');

      expect(enqueued).toEqual({
        ok: true,
        value: {
          queued: [{ channelId: 'hook', jobId }],
          skipped: [
            { channelId: 'off', reason: 'disabled' },
            { channelId: 'nope', reason: 'unknown channel' },
          ],
        },
      });
      const failure = `POST ${receiver.url}/hook: answered 500: database is down`;
      expect(receiver.requests.map((r) => r.path)).toEqual(['/hook', '/hook', '/hook']);
      expect(receiver.requests.map((r) => r.headers['x-dipper-idempotency-key'])).toEqual([
        notification.idempotencyKey,
        notification.idempotencyKey,
        notification.idempotencyKey,
      ]);
      expect(job.attemptsMade).toBe(2);
      expect(job.stacktrace.map((s) => s.split('\n')[0])).toEqual([
        `Error: ${failure}`,
        `Error: ${failure}`,
      ]);
      expect(job.returnvalue).toEqual({
        channelId: 'hook',
        outcome: 'sent',
        status: 200,
        detail: '{"ok":true}',
      });
      expect((await node.queue().getJobLogs(jobId)).logs).toEqual([
        `attempt 1: ${failure}`,
        `attempt 2: ${failure}`,
        'attempt 3: sent (200)',
      ]);
      expect(node.attempts.map((a) => [a.attempt, a.outcome, a.status])).toEqual([
        [1, 'failed', 500],
        [2, 'failed', 500],
        [3, 'sent', 200],
      ]);
      const marker = await readMarker(
        node.connection.client,
        markerKey(prefix, 'hook', notification.idempotencyKey),
      );
      expect(marker).toMatchObject({ state: 'sent', jobId });
    });
  });

  describe('when every attempt fails', () => {
    it('leaves a failed Job that a retry delivers once the receiver is back', async () => {
      receiver.answer({ status: 503, body: 'maintenance' });
      const node = startNode({ settings: { attempts: 2 } });
      const notification = firingNotification();
      const jobId = deliveryJobId(notification.idempotencyKey, 'hook');

      await node.delivery.enqueue(notification, ['hook']);
      const failed = await settledJob(node, jobId, 'failed');
      const failedReason = failed.failedReason;
      receiver.answer({ status: 200, body: 'thanks' });
      await failed.retry();
      const completed = await settledJob(node, jobId, 'completed');

      expect(failedReason).toBe(`POST ${receiver.url}/hook: answered 503: maintenance`);
      expect(receiver.requests).toHaveLength(3);
      expect(completed.returnvalue).toMatchObject({ outcome: 'sent', status: 200 });
    });
  });

  describe('when two nodes queue the same Notification at once', () => {
    it('sends it once', async () => {
      receiver.answer({ status: 200, body: { ok: true }, delayMs: 200 });
      const [a, b] = [startNode(), startNode()];
      if (!a || !b) throw new Error('nodes did not start');
      const notification = firingNotification();
      const jobId = deliveryJobId(notification.idempotencyKey, 'hook');

      const results = await Promise.all([
        a.delivery.enqueue(notification, ['hook']),
        b.delivery.enqueue(notification, ['hook']),
      ]);
      await settledJob(a, jobId, 'completed');
      await waitFor(
        () => a.consumer?.activeCount() === 0 && b.consumer?.activeCount() === 0,
        'idle',
      );

      expect(results.map((r) => r.ok)).toEqual([true, true]);
      expect(receiver.requests).toHaveLength(1);
      expect([...a.attempts, ...b.attempts].map((x) => x.outcome)).toEqual(['sent']);
    });
  });

  describe('when two nodes run the same delivery at the same moment', () => {
    it('sends once; the other waits for the marker and skips', async () => {
      receiver.answer({ status: 200, body: { ok: true }, delayMs: 300 });
      const [a, b] = [startNode({ consume: false }), startNode({ consume: false })];
      if (!a || !b) throw new Error('nodes did not start');
      const notification = firingNotification();
      const jobId = deliveryJobId(notification.idempotencyKey, 'hook');
      const data = { channelId: 'hook', notification };

      const outcomes = await Promise.all([
        a.delivery.processor(fakeContext(jobId, data)),
        b.delivery.processor(fakeContext(jobId, data)),
      ]);

      expect(receiver.requests).toHaveLength(1);
      expect(outcomes.map((o) => (o as { outcome: string }).outcome).sort()).toEqual([
        'already-sent',
        'sent',
      ]);
    });
  });

  describe('when a delivered Job runs again', () => {
    it('does not send again, whether re-queued or re-run', async () => {
      const node = startNode();
      const notification = firingNotification();
      const jobId = deliveryJobId(notification.idempotencyKey, 'hook');
      await node.delivery.enqueue(notification, ['hook']);
      const first = await settledJob(node, jobId, 'completed');

      // As if Bull had dropped the completed Job: the same id is queued afresh.
      await first.remove();
      await node.delivery.enqueue(notification, ['hook']);
      const again = await settledJob(node, jobId, 'completed');
      const rerun = await node.delivery.processor(
        fakeContext(jobId, { channelId: 'hook', notification }),
      );

      expect(receiver.requests).toHaveLength(1);
      expect(again.returnvalue).toEqual({
        channelId: 'hook',
        outcome: 'already-sent',
        detail: `delivered by job ${jobId}`,
      });
      expect(rerun).toMatchObject({ outcome: 'already-sent' });
    });
  });

  describe('when a node died after claiming and before marking sent', () => {
    it('sends once the lease runs out, without using up an attempt', async () => {
      const node = startNode();
      const notification = firingNotification();
      const jobId = deliveryJobId(notification.idempotencyKey, 'hook');
      const key = markerKey(prefix, 'hook', notification.idempotencyKey);
      const claimedAt = Date.now();
      const claim = await claimDelivery(node.connection.client, key, 'dead-node/1/x', 1_000);

      await node.delivery.enqueue(notification, ['hook']);
      const job = await settledJob(node, jobId, 'completed');

      expect(claim).toEqual({ state: 'claimed' });
      expect(receiver.requests).toHaveLength(1);
      expect(receiver.requests[0]?.receivedAtMs).toBeGreaterThanOrEqual(claimedAt + 900);
      expect(job.attemptsMade).toBe(0);
      expect(job.returnvalue).toMatchObject({ outcome: 'sent', status: 200 });
      expect(await readMarker(node.connection.client, key)).toMatchObject({ state: 'sent' });
    });
  });

  describe('when a Notification is a test', () => {
    it('refuses to queue it', async () => {
      const node = startNode({ consume: false });

      const result = await node.delivery.enqueue(firingNotification({ isTest: true }), ['hook']);

      expect(result).toEqual({
        ok: false,
        code: 'BAD_REQUEST',
        message: 'test notifications are sent with sendTest, not queued',
      });
    });
  });

  describe('sendTest', () => {
    it('sends straight out, even on a disabled channel, and returns the answer', async () => {
      receiver.answer({ status: 202, body: 'queued for review' });
      const node = startNode({ consume: false });

      const result = await node.delivery.sendTest('off');

      expect(result).toEqual({ ok: true, value: { status: 202, detail: 'queued for review' } });
      const [request] = await receiver.waitForRequests(1);
      expect(request?.path).toBe('/off');
      expect(request?.body).toMatchObject({
        isTest: true,
        status: 'firing',
        alerts: [{ ruleName: 'DipperTestNotification', severity: 'info' }],
      });
      expect(request?.headers['x-dipper-idempotency-key']).toMatch(/^test\.off\.\d+\.[0-9a-f]{8}$/);
      expect(await node.queue().getJobCounts()).toMatchObject({
        waiting: 0,
        active: 0,
        delayed: 0,
      });
    });

    it('returns the failure when the receiver refuses', async () => {
      receiver.answer({ status: 410, body: 'gone' });
      const node = startNode({ consume: false });

      const result = await node.delivery.sendTest('hook');

      expect(result).toEqual({
        ok: false,
        code: 'BAD_REQUEST',
        status: 410,
        message: `POST ${receiver.url}/hook: answered 410: gone`,
      });
    });

    it('names the configured channels for an unknown id', async () => {
      const node = startNode({ consume: false });

      const result = await node.delivery.sendTest('hok');

      expect(result).toEqual({
        ok: false,
        code: 'NOT_FOUND',
        message: 'no channel "hok"; configured: hook, off',
      });
    });
  });
});
