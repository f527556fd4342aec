import { z } from 'zod';

/** Longest idempotency key, in characters; it is part of a Redis key. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 256;

/** Most Alerts one Notification carries; a larger group is split by the sender. */
export const MAX_NOTIFICATION_ALERTS = 1_000;

const epochMs = z
  .number()
  .int('expected whole epoch milliseconds')
  .nonnegative('expected epoch milliseconds');

const LabelsSchema = z.record(
  z.string().min(1, 'label names must not be empty').max(128, 'label name is longer than 128'),
  z.string().max(1_024, 'label value is longer than 1024'),
);

// The same values as ALERT_STATES and SeveritySchema beside the Rule types; kept literal here so
// the Notification contract does not change when the engine's internal types do.
/** The state of an Alert when the Notification was made. */
export const NotificationAlertStateSchema = z.enum([
  'normal',
  'pending',
  'firing',
  'resolved',
  'nodata',
  'error',
]);

/** How urgent an Alert is, as its Rule says. */
export const NotificationSeveritySchema = z.enum(['critical', 'warning', 'info']);

// Plain (not strict) objects: Notifications travel through Redis between nodes, and a node of
// an older version must still deliver one that a newer node wrote with an extra field.

/** One Alert as a Notification shows it. */
export const NotificationAlertSchema = z.object({
  ruleId: z.string().min(1).max(64),
  ruleName: z.string().min(1).max(200),
  /** The series within the Rule, usually its labels in canonical order. */
  seriesKey: z.string().max(2_048),
  labels: LabelsSchema,
  annotations: z.object({
    summary: z.string().max(1_024),
    description: z.string().max(8_192),
  }),
  severity: NotificationSeveritySchema,
  state: NotificationAlertStateSchema,
  /** The last evaluated value; null when there was no data or the evaluation failed. */
  value: z.number().nullable(),
  threshold: z.number(),
  startsAtMs: epochMs,
  /** Set once the Alert resolved. */
  endsAtMs: epochMs.optional(),
});

/** One message about a group of Alerts, sent through each of the group's channels. */
export const NotificationSchema = z.object({
  /**
   * The same for every node and every re-run that would send this message: a channel delivers
   * a key at most once (see docs/channels.md), and receivers get it to de-duplicate as well.
   */
  idempotencyKey: z
    .string()
    .min(1, 'idempotencyKey must not be empty')
    .max(MAX_IDEMPOTENCY_KEY_LENGTH, `idempotencyKey is longer than ${MAX_IDEMPOTENCY_KEY_LENGTH}`)
    .regex(/^[\x21-\x7e]+$/, 'idempotencyKey must be printable ASCII without spaces'),
  status: z.enum(['firing', 'resolved']),
  groupKey: z.string().max(2_048),
  groupLabels: LabelsSchema,
  alerts: z
    .array(NotificationAlertSchema)
    .min(1, 'a Notification carries at least one Alert')
    .max(MAX_NOTIFICATION_ALERTS, `a Notification carries at most ${MAX_NOTIFICATION_ALERTS}`),
  sentAtMs: epochMs,
  /** A "send a test notification" message: never queued, never de-duplicated. */
  isTest: z.boolean().optional(),
});

export type NotificationAlert = z.infer<typeof NotificationAlertSchema>;
export type Notification = z.infer<typeof NotificationSchema>;
