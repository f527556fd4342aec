import { createHash, randomUUID } from 'node:crypto';
import type { JobOptions } from 'bull';
import { z } from 'zod';
import { NotificationSchema, type Notification } from '../../shared/alerting/notification.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { parseWith } from '../../shared/validation.js';
import { withDeadline } from '../connection/deadline.js';
import type { ProcessorContext } from '../queues/processor.js';
import { claimDelivery, markerKey, markSent, releaseClaim } from './delivery-marker.js';
import {
  DEFAULT_DELIVERY_SETTINGS,
  DELIVER_JOB,
  NOTIFY_QUEUE,
  type Delivery,
  type DeliveryAttempt,
  type DeliveryOptions,
  type DeliveryResult,
  type EnqueueReport,
} from './delivery-types.js';
import { sendNotification } from './send.js';
import type { SendDeps, SendResult } from './sender.js';
import { buildTestNotification } from './test-notification.js';

export * from './delivery-types.js';

/** How often a waiting attempt looks at another attempt's lease, in ms. */
const LEASE_POLL_MS = 200;

const DeliveryJobSchema = z.object({
  channelId: z.string().min(1),
  notification: NotificationSchema,
});

/**
 * The Job id of one (Notification, channel) pair: the same on every node, with no `:` (Bull
 * keys) and never numeric (Bull's own ids). The key is hashed: it may hold any printable text.
 */
export function deliveryJobId(idempotencyKey: string, channelId: string): string {
  const digest = createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32);

  return `notify.${channelId}.${digest}`;
}

/**
 * Delivers Notifications through the NOTIFY_QUEUE so that a failed delivery is a failed Job an
 * engineer can see and retry, and each (Notification, channel) is sent once across nodes.
 *
 * Before sending, an attempt claims a marker with a short lease; after sending it marks the
 * marker sent for the retention period. A re-run that finds it sent skips; one that finds a
 * live lease waits until the marker is sent (then skips) or the lease runs out because its
 * node died after claiming (then sends). So a node dying between sending and marking gives a
 * duplicate, never a loss; receivers get the idempotency key to fold such duplicates.
 */
export function createDelivery(options: DeliveryOptions): Delivery {
  const settings = { ...DEFAULT_DELIVERY_SETTINGS, ...options.settings };
  const { registry, client, prefix, log } = options;
  if (settings.leaseMs <= settings.sendTimeoutMs) {
    throw new Error(
      `leaseMs is ${settings.leaseMs}; expected more than sendTimeoutMs (${settings.sendTimeoutMs})`,
    );
  }
  const sendDeps: SendDeps = { ...options.send, log, timeoutMs: settings.sendTimeoutMs };
  const now = options.send?.now ?? Date.now;

  function emit(event: DeliveryAttempt): void {
    try {
      options.onAttempt?.(event);
    } catch (error) {
      log.warn('onAttempt listener threw', { error: (error as Error).message });
    }
  }

  function jobOptions(jobId: string): JobOptions {
    return {
      jobId,
      attempts: settings.attempts,
      backoff: { type: 'exponential', delay: settings.backoffMs },
      // Room to wait out another attempt's lease, then send; the margin covers the Redis calls.
      timeout: settings.leaseMs + settings.sendTimeoutMs + 10_000,
      removeOnComplete: settings.keepCompleted,
      removeOnFail: settings.keepFailed,
    };
  }

  async function enqueue(
    input: Notification,
    channelIds: string[],
  ): Promise<Result<EnqueueReport>> {
    const parsed = parseWith(NotificationSchema, input, 'notification');
    if (!parsed.ok) return parsed;
    const notification = parsed.value;
    if (notification.isTest) {
      return fail('BAD_REQUEST', 'test notifications are sent with sendTest, not queued');
    }

    const known = new Map(options.channels().map((c) => [c.id, c]));
    const report: EnqueueReport = { queued: [], skipped: [] };
    for (const channelId of new Set(channelIds)) {
      const channel = known.get(channelId);
      const jobId = deliveryJobId(notification.idempotencyKey, channelId);
      if (channel?.enabled) report.queued.push({ channelId, jobId });
      else report.skipped.push({ channelId, reason: channel ? 'disabled' : 'unknown channel' });
    }
    const unknown = report.skipped.filter((s) => s.reason === 'unknown channel');
    if (unknown.length > 0) {
      log.warn('notification names unknown channels', {
        idempotencyKey: notification.idempotencyKey,
        channelIds: unknown.map((s) => s.channelId),
      });
    }
    if (report.queued.length === 0) return ok(report);

    const added = await withDeadline(
      registry.get(NOTIFY_QUEUE).addBulk(
        report.queued.map(({ channelId, jobId }) => ({
          name: DELIVER_JOB,
          data: { channelId, notification },
          opts: jobOptions(jobId),
        })),
      ),
      `queueing notification ${notification.idempotencyKey}`,
    );
    if (!added.ok) return added;

    log.info('notification queued', {
      idempotencyKey: notification.idempotencyKey,
      status: notification.status,
      channelIds: report.queued.map((q) => q.channelId),
    });
    return ok(report);
  }

  async function deliver(ctx: ProcessorContext): Promise<DeliveryResult> {
    const startedAt = performance.now();
    const parsed = parseWith(DeliveryJobSchema, ctx.data, `${DELIVER_JOB} data`);
    if (!parsed.ok) throw new Error(parsed.message);
    const { channelId, notification } = parsed.value;
    const { idempotencyKey } = notification;
    const report = (fields: Pick<DeliveryAttempt, 'outcome' | 'status' | 'message'>) =>
      emit({
        channelId,
        jobId: ctx.jobId,
        idempotencyKey,
        notification,
        attempt: ctx.attempt,
        durationMs: Math.round(performance.now() - startedAt),
        ...fields,
      });

    // Read on every attempt: a channel fixed or re-enabled after a failure applies to retries.
    const channel = options.channels().find((c) => c.id === channelId);
    if (!channel) throw new Error(`channel "${channelId}" is not configured (any more)`);
    if (!channel.enabled) {
      report({ outcome: 'skipped' });
      return { channelId, outcome: 'skipped', detail: 'channel disabled' };
    }

    const key = markerKey(prefix, channelId, idempotencyKey);
    const token = `${ctx.jobId}/${ctx.attempt}/${randomUUID()}`;
    const claim = await claimOrWait(key, token, ctx);
    if (claim.state === 'sent') {
      report({ outcome: 'already-sent' });
      await note(ctx, `attempt ${ctx.attempt}: already delivered by job ${claim.jobId}`);
      return { channelId, outcome: 'already-sent', detail: `delivered by job ${claim.jobId}` };
    }

    const result = await sendNotification(channel, notification, sendDeps, ctx.signal);
    if (!result.ok) {
      await releaseClaim(client, key, token).catch(() => undefined);
      report({ outcome: 'failed', status: result.status, message: result.message });
      await note(ctx, `attempt ${ctx.attempt}: ${result.message}`);
      log.warn('notification delivery failed', {
        channelId,
        idempotencyKey,
        jobId: ctx.jobId,
        attempt: ctx.attempt,
        error: result.message,
      });
      throw new Error(result.message);
    }

    await markSent(client, key, ctx.jobId, now(), settings.retentionMs);
    report({ outcome: 'sent', status: result.value.status });
    await note(ctx, `attempt ${ctx.attempt}: sent${statusText(result.value.status)}`);
    log.info('notification delivered', { channelId, idempotencyKey, jobId: ctx.jobId });
    return { channelId, outcome: 'sent', ...result.value };
  }

  /**
   * Claims the marker, waiting out another attempt's lease: that attempt either marks the key
   * sent (this one then skips) or its node died and the lease runs out (this one sends). Waiting
   * inside the attempt keeps a crashed node from costing the Job its retries.
   */
  async function claimOrWait(
    key: string,
    token: string,
    ctx: ProcessorContext,
  ): Promise<{ state: 'claimed' } | { state: 'sent'; jobId: string }> {
    for (;;) {
      const claim = await claimDelivery(client, key, token, settings.leaseMs);
      if (claim.state !== 'sending') return claim;

      log.debug('delivery held by another attempt; waiting', {
        jobId: ctx.jobId,
        ttlMs: claim.ttlMs,
      });
      await sleep(Math.min(Math.max(claim.ttlMs, 1), LEASE_POLL_MS), ctx.signal);
    }
  }

  async function sendTest(channelId: string, signal?: AbortSignal): Promise<SendResult> {
    const channels = options.channels();
    const channel = channels.find((c) => c.id === channelId);
    if (!channel) {
      const ids = channels.map((c) => c.id).join(', ') || '(none)';
      return fail('NOT_FOUND', `no channel "${channelId}"; configured: ${ids}`);
    }

    const result = await sendNotification(
      channel,
      buildTestNotification(channel, now()),
      sendDeps,
      signal,
    );
    log.info('test notification sent', {
      channelId,
      ok: result.ok,
      status: result.ok ? result.value.status : result.status,
    });
    return result;
  }

  return { enqueue, processor: deliver, sendTest };
}

// The Job log is for people looking at the Job; losing a line must not fail the delivery.
async function note(ctx: ProcessorContext, line: string): Promise<void> {
  await ctx.log(line).catch(() => undefined);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function statusText(status: number | undefined): string {
  return status === undefined ? '' : ` (${status})`;
}
