import { hostname, userInfo } from 'node:os';
import { InvalidArgumentError } from 'commander';
import { LabelMatcherSchema, type LabelMatcher } from '../../../shared/alerting/matchers.js';
import type { Labels } from '../../../shared/alerting/series.js';
import { fail } from '../../../shared/result.js';
import { CliFailure, iso } from '../output.js';

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};
const DURATION = /^(?:\d+(?:ms|s|m|h|d|w))+$/;
const DURATION_PART = /(\d+)(ms|s|m|h|d|w)/g;
// A date at least, so that "12" or "tomorrow" is refused instead of guessed by Date.parse.
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** `90s`, `5m`, `2h`, `1h30m`, `7d` in ms, or undefined when `raw` is not a duration. */
export function parseDurationMs(raw: string): number | undefined {
  const text = raw.trim();
  if (!DURATION.test(text)) return undefined;

  let total = 0;
  for (const [, amount, unit] of text.matchAll(DURATION_PART)) {
    total += Number(amount) * (UNIT_MS[unit ?? ''] ?? 0);
  }

  return total;
}

/** ms as a duration the flags take: `90s` as `1m30s`, `26000` as `26s`, `1500` as `1500ms`. */
export function formatDuration(ms: number): string {
  if (ms % 1_000 !== 0) return `${ms}ms`;

  let rest = ms;
  const parts: string[] = [];
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1_000],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }

  return parts.join('') || '0s';
}

/** Commander parser for a positive duration such as `1m` or `2h`, in ms. */
export function durationValue(raw: string): number {
  const ms = parseDurationMs(raw);
  if (ms === undefined) {
    throw new InvalidArgumentError(
      `"${raw}" is not a duration; expected a number with a unit (ms s m h d w), e.g. 90s, 2h, 1h30m.`,
    );
  }
  if (ms <= 0) throw new InvalidArgumentError(`"${raw}" is no time at all; expected more than 0.`);

  return ms;
}

/** Commander parser for a duration of at least `minMs`; `why` says where the bound comes from. */
export function durationAtLeast(minMs: number, why: string) {
  return (raw: string): number => {
    const ms = durationValue(raw);
    if (ms < minMs) {
      throw new InvalidArgumentError(`"${raw}" is shorter than ${formatDuration(minMs)}; ${why}.`);
    }
    return ms;
  };
}

/**
 * A time as epoch ms: `now`, relative to `nowMs` (`-2h`, `+30m`), ISO 8601 (UTC unless an
 * offset is given) or epoch ms; undefined when `raw` is none of these.
 */
export function parseTimeMs(raw: string, nowMs: number): number | undefined {
  const text = raw.trim();
  if (text === 'now') return nowMs;

  const sign = text[0];
  if (sign === '-' || sign === '+') {
    const offset = parseDurationMs(text.slice(1));
    return offset === undefined ? undefined : nowMs + (sign === '-' ? -offset : offset);
  }
  if (/^\d{10,16}$/.test(text)) return Number(text);
  if (!ISO_DATE.test(text)) return undefined;

  const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/.test(text) || !text.includes(':');
  const ms = Date.parse(hasZone ? text : `${text.replace(' ', 'T')}Z`);

  return Number.isNaN(ms) ? undefined : ms;
}

/** Commander parser for a time (see parseTimeMs), read against the clock at parse time. */
export function timeValue(raw: string): number {
  const ms = parseTimeMs(raw, Date.now());
  if (ms === undefined) {
    throw new InvalidArgumentError(
      `"${raw}" is not a time; expected now, a relative time such as -2h or -30m, ISO 8601 such as 2026-05-01T10:00:00Z, or epoch ms.`,
    );
  }

  return ms;
}

/**
 * Ends the command when a window given with --from (and --to, else now) starts after it ends,
 * naming both times.
 */
export function requireWindow(fromMs: number, toMs: number, isToGiven: boolean): void {
  if (fromMs <= toMs) return;

  const end = isToGiven ? `--to ${iso(toMs)}` : `now (${iso(toMs)}, the default --to)`;
  throw new CliFailure(
    fail(
      'BAD_REQUEST',
      `--from ${iso(fromMs)} is after ${end}; expected a window that starts first`,
    ),
  );
}

const MATCHER = /^([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*(.*)$/s;

/** `app=web`, `env=~prod.*`, `app!="web"` as a label matcher, or a message saying what is wrong. */
export function parseMatcher(raw: string): LabelMatcher | string {
  const match = MATCHER.exec(raw.trim());
  if (!match) {
    return `"${raw}" is not a matcher; expected NAME=VALUE, NAME!=VALUE, NAME=~REGEX or NAME!~REGEX`;
  }

  const [, name = '', op = '', rawValue = ''] = match;
  let value = rawValue;
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    try {
      value = String(JSON.parse(value));
    } catch {
      return `matcher "${raw}": the quoted value is not a valid JSON string`;
    }
  }
  const parsed = LabelMatcherSchema.safeParse({ name, op, value });

  return parsed.success
    ? parsed.data
    : `matcher "${raw}": ${parsed.error.issues.map((i) => i.message).join('; ')}`;
}

/** Commander parser collecting repeated `--matcher` or `--label` values. */
export function collectMatchers(raw: string, previous: LabelMatcher[] = []): LabelMatcher[] {
  const matcher = parseMatcher(raw);
  if (typeof matcher === 'string') throw new InvalidArgumentError(`${matcher}.`);

  return [...previous, matcher];
}

/** Labels as one short line: `app=web,env=prod`, names sorted. */
export function formatLabels(labels: Labels): string {
  const names = Object.keys(labels).sort();
  return names.map((name) => `${name}=${labels[name] ?? ''}`).join(',') || '{}';
}

/** Who did something when `--by` is not given: the OS user at this host. */
export function defaultActor(): string {
  let user = process.env.USER ?? process.env.USERNAME ?? 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry for this uid (some containers): keep the environment's name.
  }

  return `${user}@${hostname()}`;
}
