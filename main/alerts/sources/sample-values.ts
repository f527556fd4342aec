const ISO_TIME =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
const HAS_ZONE = /(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * A time as epoch ms: a number or a digit string is epoch ms; a string in ISO 8601 form
 * (`2024-05-01T10:00:00Z`, `2024-05-01 10:00:00`) is read as UTC unless it names an offset.
 * Undefined for anything else: `Date.parse` alone would take "1" for the year 2001.
 */
export function parseTimeMs(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? Math.round(raw) : undefined;
  if (typeof raw !== 'string') return undefined;

  const text = raw.trim();
  if (/^-?\d+$/.test(text)) return Number(text);
  if (!ISO_TIME.test(text)) return undefined;

  const withT = text.replace(' ', 'T');
  const isDateOnly = !withT.includes('T');
  const parsed = Date.parse(isDateOnly || HAS_ZONE.test(withT) ? withT : `${withT}Z`);

  return Number.isNaN(parsed) ? undefined : parsed;
}

/**
 * A sample value from untrusted JSON: a number, or text that reads as one. Undefined (skip the
 * sample) for null and for non-finite values such as "NaN" and "+Inf"; 'invalid' for anything
 * else, which means the config points at the wrong field. Booleans count as 1 and 0 when
 * `acceptsBooleans`, for health endpoints answering `{ "healthy": true }`.
 */
export function toSampleValue(
  raw: unknown,
  acceptsBooleans = false,
): number | undefined | 'invalid' {
  if (raw === null || raw === undefined) return undefined;
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw === 'boolean' && acceptsBooleans) return raw ? 1 : 0;
  if (typeof raw !== 'string' || raw.trim() === '') return 'invalid';

  const v = Number(raw);
  if (Number.isFinite(v)) return v;

  return /^[+-]?(NaN|Inf|Infinity)$/i.test(raw.trim()) ? undefined : 'invalid';
}

/** Untrusted JSON for a message: compact and cut to a readable length. */
export function showJson(raw: unknown): string {
  const text = JSON.stringify(raw) ?? String(raw);

  return text.length > 80 ? `${text.slice(0, 80)}...` : text;
}
