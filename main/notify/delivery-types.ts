import type { Channel } from '../../shared/alerting/channel.js';
import type { Notification } from '../../shared/alerting/notification.js';
import type { Result } from '../../shared/result.js';
import type { RedisClient } from '../connection/connection.js';
import type { Logger } from '../log/logger.js';
import type { Processor } from '../queues/processor.js';
import type { QueueRegistry } from '../queues/queue-registry.js';
import { DEFAULT_SEND_TIMEOUT_MS } from './send.js';
import type { SendDeps, SendResult } from './sender.js';

/** The Bull queue every delivery goes through. */
export const NOTIFY_QUEUE = 'dipper.notifications';
/** The Job name to register `processor` under. */
export const DELIVER_JOB = 'notify.deliver';

/** Tuning of deliveries; every field has a default. */
export interface DeliverySettings {
  /** Bull attempts per delivery (first try included); default 5. */
  attempts: number;
  /** First retry delay of the exponential backoff, in ms; default 2 s (2, 4, 8, 16 s). */
  backoffMs: number;
  /** Deadline of one send, in ms; default 10 s. */
  sendTimeoutMs: number;
  /**
   * How long an attempt's claim holds off other attempts, in ms; default 30 s. A node that dies
   * mid-send delays the retry by this much; it must exceed the send deadline.
   */
  leaseMs: number;
  /** How long a delivered marker is kept, in ms; default 7 days. Re-runs within it never send. */
  retentionMs: number;
  keepCompleted: number;
  keepFailed: number;
}

export const DEFAULT_DELIVERY_SETTINGS: DeliverySettings = {
  attempts: 5,
  backoffMs: 2_000,
  sendTimeoutMs: DEFAULT_SEND_TIMEOUT_MS,
  leaseMs: 30_000,
  retentionMs: 7 * 24 * 3_600_000,
  keepCompleted: 1_000,
  keepFailed: 5_000,
};

/** One delivery attempt as this node saw it. */
export interface DeliveryAttempt {
  channelId: string;
  jobId: string;
  idempotencyKey: string;
  /** What was (or was to be) sent; untrusted text inside, never logged. */
  notification: Notification;
  /** 1 on the first run. */
  attempt: number;
  /**
   * `sent`; `failed` (retried while attempts remain); `already-sent` (a re-run found the
   * marker); `skipped` (the channel is disabled).
   */
  outcome: 'sent' | 'failed' | 'already-sent' | 'skipped';
  status?: number;
  /** The failure message; never holds a secret. */
  message?: string;
  durationMs: number;
}

/** What `enqueue` did per channel. */
export interface EnqueueReport {
  queued: { channelId: string; jobId: string }[];
  skipped: { channelId: string; reason: 'unknown channel' | 'disabled' }[];
}

/** What a delivery Job returns; stored by Bull as its return value. */
export interface DeliveryResult {
  channelId: string;
  outcome: 'sent' | 'already-sent' | 'skipped';
  status?: number;
  detail?: string;
}

export interface DeliveryOptions {
  registry: QueueRegistry;
  /** Dipper's command client, for the delivered markers. */
  client: RedisClient;
  prefix: string;
  /** The configured channels, read on every use so edits apply to queued deliveries. */
  channels: () => Channel[];
  log: Logger;
  onAttempt?: (event: DeliveryAttempt) => void;
  /** The desktop shell's hand-off and a clock; the send timeout comes from `settings`. */
  send?: Omit<SendDeps, 'log' | 'timeoutMs'>;
  settings?: Partial<DeliverySettings>;
}

export interface Delivery {
  /** Queues one Job per enabled, known channel; a Job already queued for the pair is kept. */
  enqueue(notification: Notification, channelIds: string[]): Promise<Result<EnqueueReport>>;
  /** Register with the consumer of NOTIFY_QUEUE under DELIVER_JOB. */
  processor: Processor;
  /** Sends a test notification straight out, enabled or not, and returns what happened. */
  sendTest(channelId: string, signal?: AbortSignal): Promise<SendResult>;
}
