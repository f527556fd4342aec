import type { Channel } from '../../shared/alerting/channel.js';
import type { Notification } from '../../shared/alerting/notification.js';
import type { Failure } from '../../shared/result.js';
import type { Logger } from '../log/logger.js';

/** What a receiver said to a successful send. */
export interface SendOutcome {
  /** The HTTP status, for channels that speak HTTP. */
  status?: number;
  /** A short excerpt of the receiver's answer (or what happened instead); untrusted text. */
  detail?: string;
}

/** A failed send; HTTP failures carry the receiver's status. Never holds a secret. */
export interface SendFailure extends Failure {
  status?: number;
}

export type SendResult = { ok: true; value: SendOutcome } | SendFailure;

/** What the desktop shell receives to show a Notification. */
export interface DesktopNotice {
  channelId: string;
  idempotencyKey: string;
  status: Notification['status'];
  title: string;
  /** Plain text, one block per Alert that passed the channel's label filter. */
  body: string;
  alertCount: number;
  isTest: boolean;
  /** The Alerts shown, so the shell can filter by labels and open one when clicked. */
  alerts?: { ruleId: string; seriesKey: string; labels: Record<string, string> }[];
}

/** What sending needs from its surroundings. */
export interface SendDeps {
  log: Logger;
  /** Deadline per send, in ms; 10 s by default. */
  timeoutMs?: number;
  /** The desktop shell's hand-off; absent on a headless node. */
  showDesktop?: (notice: DesktopNotice) => void | Promise<void>;
  /** Epoch ms, for robot signatures. */
  now?: () => number;
}

/** What one channel sender gets for one send. */
export interface SenderContext {
  /** Fires at the deadline or when the caller gives up. */
  signal: AbortSignal;
  timeoutMs: number;
  nowMs: number;
  log: Logger;
  showDesktop: SendDeps['showDesktop'];
  /** The failure for a request cut short by `signal`, naming `what` was under way. */
  abortFailure(what: string): SendFailure;
}

export type Sender<C extends Channel> = (
  channel: C,
  notification: Notification,
  ctx: SenderContext,
) => Promise<SendResult>;
