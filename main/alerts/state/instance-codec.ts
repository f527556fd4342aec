import { z } from 'zod';
import { ALERT_STATES, type AlertInstance } from '../../../shared/alerting/alert.js';

// Stored per field of a Rule's state hash. Rule id and series key are the key and the field, and
// the acknowledgement lives in its own hash, so the value holds only what evaluations change.
const StoredInstanceSchema = z.object({
  s: z.enum(ALERT_STATES),
  v: z.number().nullable(),
  a: z.number(),
  f: z.number().nullable(),
  e: z.number(),
  r: z.number().optional(),
  k: z.number().optional(),
  l: z.record(z.string(), z.string()),
});

const StoredAckSchema = z.object({ b: z.string(), t: z.number() });

/** An acknowledgement as stored: who and when (epoch ms). */
export interface StoredAck {
  by: string;
  atMs: number;
}

export function encodeInstance(alert: AlertInstance): string {
  const stored: z.infer<typeof StoredInstanceSchema> = {
    s: alert.state,
    v: alert.value,
    a: alert.activeSinceMs,
    f: alert.firingSinceMs,
    e: alert.lastEvalMs,
    l: alert.labels,
  };
  if (alert.resolvedAtMs !== undefined) stored.r = alert.resolvedAtMs;
  if (alert.keepFiringUntilMs !== undefined) stored.k = alert.keepFiringUntilMs;

  return JSON.stringify(stored);
}

/** The stored Alert with its acknowledgement, or null when the text is not a stored Alert. */
export function decodeInstance(
  ruleId: string,
  seriesKey: string,
  raw: string,
  ack: StoredAck | null,
): AlertInstance | null {
  const stored = StoredInstanceSchema.safeParse(parseJson(raw));
  if (!stored.success) return null;

  const { s, v, a, f, e, r, k, l } = stored.data;
  const alert: AlertInstance = {
    ruleId,
    seriesKey,
    labels: l,
    state: s,
    value: v,
    activeSinceMs: a,
    firingSinceMs: f,
    lastEvalMs: e,
  };
  if (r !== undefined) alert.resolvedAtMs = r;
  if (k !== undefined) alert.keepFiringUntilMs = k;
  if (ack) Object.assign(alert, { ackedBy: ack.by, ackedAtMs: ack.atMs });

  return alert;
}

export function encodeAck(ack: StoredAck): string {
  return JSON.stringify({ b: ack.by, t: ack.atMs });
}

export function decodeAck(raw: string | undefined): StoredAck | null {
  if (raw === undefined) return null;

  const stored = StoredAckSchema.safeParse(parseJson(raw));
  return stored.success ? { by: stored.data.b, atMs: stored.data.t } : null;
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}
