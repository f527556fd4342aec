import { z } from 'zod';
import { ALERT_STATES, type AlertState } from './alert.js';
import { LabelMatcherSchema } from './matchers.js';
import { SeveritySchema, type Severity } from './rule.js';
import type { Labels } from './series.js';

/** What an entry of the alert history records. */
export const HISTORY_KINDS = ['transition', 'notification', 'silence', 'ack'] as const;

export type HistoryKind = (typeof HISTORY_KINDS)[number];

/** An Alert changed state. */
export interface TransitionRecord {
  kind: 'transition';
  atMs: number;
  ruleId: string;
  labels: Labels;
  from: AlertState;
  to: AlertState;
  value: number | null;
  threshold: number;
  severity: Severity;
}

/** One attempt to deliver one Notification through one channel. */
export interface NotificationRecord {
  kind: 'notification';
  atMs: number;
  /** Set when every Alert of the Notification belongs to one Rule. */
  ruleId?: string;
  /** The group's labels. */
  labels: Labels;
  severity?: Severity;
  channel: string;
  status: 'firing' | 'resolved';
  outcome: 'sent' | 'failed';
  /** Why it failed, cut to 200 characters. */
  error?: string;
  alerts: number;
}

/** A Silence was created, expired or removed. */
export interface SilenceRecord {
  kind: 'silence';
  atMs: number;
  silenceId: string;
  event: 'created' | 'expired' | 'removed';
  /** Its matchers as text, `app="web",env=~"prod.*"`. */
  matchers: string;
  by?: string;
  endsAtMs?: number;
}

/** Someone acknowledged a firing Alert. */
export interface AckRecord {
  kind: 'ack';
  atMs: number;
  ruleId: string;
  labels: Labels;
  severity: Severity;
  by: string;
}

/** What is written to the history; times are epoch ms. */
export type HistoryRecord = TransitionRecord | NotificationRecord | SilenceRecord | AckRecord;

/** A history entry as read back: the record and its stream id (the paging cursor). */
export type HistoryEntry = HistoryRecord & { id: string };

/** Most entries one query returns. */
export const MAX_HISTORY_LIMIT = 1_000;

const epochMs = z
  .number({ error: 'expected epoch ms' })
  .int('expected whole epoch ms')
  .nonnegative('expected epoch ms');

/**
 * A history query: entries between fromMs and toMs (inclusive), newest first. Each filter
 * keeps only entries that carry that attribute: `state` keeps transitions into that state,
 * `labels` entries with labels (not silences) that every matcher accepts.
 */
export const HistoryQuerySchema = z
  .strictObject({
    fromMs: epochMs,
    toMs: epochMs,
    ruleId: z.string().min(1).max(64).optional(),
    severity: SeveritySchema.optional(),
    state: z.enum(ALERT_STATES).optional(),
    kinds: z.array(z.enum(HISTORY_KINDS)).min(1).optional(),
    labels: z.array(LabelMatcherSchema).max(32, 'at most 32 matchers').optional(),
    limit: z.number().int().min(1).max(MAX_HISTORY_LIMIT, `limit is above ${MAX_HISTORY_LIMIT}`),
    /** The `next` of the previous page: continue with entries older than it. */
    before: z
      .string()
      .regex(/^\d+-\d+$/, 'before must be a cursor from a previous page')
      .optional(),
  })
  .refine((q) => q.fromMs <= q.toMs, {
    error: (issue) => {
      const q = issue.input as { fromMs: number; toMs: number };
      return `fromMs ${q.fromMs} is after toMs ${q.toMs}`;
    },
  });

export type HistoryQuery = z.input<typeof HistoryQuerySchema>;

/** One page of history, newest first; `next` is null when the range has no more entries. */
export interface HistoryPage {
  entries: HistoryEntry[];
  next: string | null;
  /** Stream entries read to fill the page (filters make it more than `entries`). */
  scanned: number;
}
