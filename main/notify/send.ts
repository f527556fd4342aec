import type { Channel } from '../../shared/alerting/channel.js';
import type { Notification } from '../../shared/alerting/notification.js';
import { fail } from '../../shared/result.js';
import { sendAlertmanager } from './channels/alertmanager.js';
import { sendDesktop } from './channels/desktop.js';
import { sendDingtalk } from './channels/dingtalk.js';
import { sendEmail } from './channels/email.js';
import { sendFeishu } from './channels/feishu.js';
import { sendSlack } from './channels/slack.js';
import { sendWebhook } from './channels/webhook.js';
import { sendWecom } from './channels/wecom.js';
import { redact, secretsOf } from './redact.js';
import type { SendDeps, SenderContext, SendFailure, SendResult } from './sender.js';

export type { DesktopNotice, SendDeps, SendFailure, SendOutcome, SendResult } from './sender.js';

/** Deadline of one send when the caller names none, in ms. */
export const DEFAULT_SEND_TIMEOUT_MS = 10_000;

/**
 * Sends `notification` through `channel` once, within `deps.timeoutMs`. Never throws: a failure
 * says what was called (URLs without query strings) and what answered, with every secret of the
 * channel blanked out. `signal` lets the caller give up earlier (job timeout, node stop).
 */
export async function sendNotification(
  channel: Channel,
  notification: Notification,
  deps: SendDeps,
  signal?: AbortSignal,
): Promise<SendResult> {
  const timeoutMs = deps.timeoutMs ?? DEFAULT_SEND_TIMEOUT_MS;
  const deadline = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, deadline]) : deadline;
  const abortFailure = (what: string): SendFailure =>
    signal?.aborted
      ? fail('TIMEOUT', `${what}: stopped: ${reasonOf(signal)}`)
      : fail('TIMEOUT', `${what}: no answer within ${timeoutMs} ms`);
  const ctx: SenderContext = {
    signal: combined,
    timeoutMs,
    nowMs: (deps.now ?? Date.now)(),
    log: deps.log,
    showDesktop: deps.showDesktop,
    abortFailure,
  };
  const startedAt = performance.now();

  const result = await raceAbort(run(channel, notification, ctx), ctx, channel);

  const secrets = secretsOf(channel);
  const clean: SendResult = result.ok
    ? { ok: true, value: cleanOutcome(result.value, secrets) }
    : { ...result, message: redact(result.message, secrets) };
  deps.log.debug('notification send finished', {
    channelId: channel.id,
    kind: channel.kind,
    idempotencyKey: notification.idempotencyKey,
    ok: clean.ok,
    status: clean.ok ? clean.value.status : clean.status,
    durationMs: Math.round(performance.now() - startedAt),
  });

  return clean;
}

function run(channel: Channel, notification: Notification, ctx: SenderContext) {
  switch (channel.kind) {
    case 'webhook':
      return sendWebhook(channel, notification, ctx);
    case 'slack':
      return sendSlack(channel, notification, ctx);
    case 'dingtalk':
      return sendDingtalk(channel, notification, ctx);
    case 'feishu':
      return sendFeishu(channel, notification, ctx);
    case 'wecom':
      return sendWecom(channel, notification, ctx);
    case 'email':
      return sendEmail(channel, notification, ctx);
    case 'desktop':
      return sendDesktop(channel, notification, ctx);
    case 'alertmanager':
      return sendAlertmanager(channel, notification, ctx);
  }
}

/** How long a sender may take to report its own abort before the generic failure is used. */
const ABORT_GRACE_MS = 250;

/**
 * Settles soon after the deadline even if a sender ignores its signal, and turns a stray throw
 * (a bug) into INTERNAL so the caller's loop never sees an exception.
 */
async function raceAbort(
  work: Promise<SendResult>,
  ctx: SenderContext,
  channel: Channel,
): Promise<SendResult> {
  const what = `${channel.kind} channel "${channel.id}"`;
  let timer: NodeJS.Timeout | undefined;
  const onAbort = (resolve: (result: SendResult) => void) => {
    timer = setTimeout(() => resolve(ctx.abortFailure(what)), ABORT_GRACE_MS);
  };
  let listener: (() => void) | undefined;
  const aborted = new Promise<SendResult>((resolve) => {
    listener = () => onAbort(resolve);
    if (ctx.signal.aborted) listener();
    else ctx.signal.addEventListener('abort', listener, { once: true });
  });
  const settled = work.catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    ctx.log.error('channel sender threw', {
      channelId: channel.id,
      kind: channel.kind,
      error: redact(message, secretsOf(channel)),
    });
    return fail('INTERNAL', `${what}: sender failed: ${message}`);
  });

  try {
    return await Promise.race([settled, aborted]);
  } finally {
    clearTimeout(timer);
    if (listener) ctx.signal.removeEventListener('abort', listener);
  }
}

function cleanOutcome(value: { status?: number; detail?: string }, secrets: string[]) {
  return value.detail === undefined ? value : { ...value, detail: redact(value.detail, secrets) };
}

function reasonOf(signal: AbortSignal): string {
  const reason: unknown = signal.reason;

  return reason instanceof Error ? reason.message : String(reason);
}
