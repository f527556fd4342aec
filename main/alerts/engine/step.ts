import type { AlertInstance } from '../../../shared/alerting/alert.js';
import { isConditionMet } from '../../../shared/alerting/condition.js';
import type { Rule } from '../../../shared/alerting/rule.js';
import type { Labels } from '../../../shared/alerting/series.js';

/**
 * What one evaluation says about one series, after the Rule's noData and onError policies:
 * `met` / `clear` the condition holds or not, `nodata` / `error` enter that state, `keep` leaves
 * the Alert as it is.
 */
export type Signal = 'met' | 'clear' | 'nodata' | 'error' | 'keep';

/** One series' input to a step: its labels (series plus Rule labels) and its value, if any. */
export interface StepInput {
  ruleId: string;
  seriesKey: string;
  labels: Labels;
  signal: Signal;
  value: number | null;
}

/** The signal a value gives; a firing Alert is held against the resolve threshold (hysteresis). */
export function signalForValue(rule: Rule, value: number, previous?: AlertInstance): Signal {
  const { op, threshold, resolveThreshold } = rule.condition;
  const limit = previous?.state === 'firing' ? (resolveThreshold ?? threshold) : threshold;

  return isConditionMet(op, value, limit) ? 'met' : 'clear';
}

/** The signal for a series that has no data, by the Rule's noData policy. */
export function signalForNoData(rule: Rule): Signal {
  const bySignal = { keep: 'keep', ok: 'clear', alerting: 'met', nodata: 'nodata' } as const;
  return bySignal[rule.noData];
}

/** The signal for every Alert of a Rule whose query failed, by its onError policy. */
export function signalForError(rule: Rule): Signal {
  const bySignal = { keep: 'keep', alerting: 'met', error: 'error' } as const;
  return bySignal[rule.onError];
}

/** The acknowledgement, carried only while the episode goes on. */
function ackOf(previous: AlertInstance | undefined) {
  if (previous?.ackedBy === undefined || previous.ackedAtMs === undefined) return {};
  return { ackedBy: previous.ackedBy, ackedAtMs: previous.ackedAtMs };
}

/**
 * Moves one Alert by one evaluation at `nowMs`; undefined means normal (not stored).
 * Pure: the same inputs always give the same Alert.
 */
export function stepAlert(
  rule: Rule,
  input: StepInput,
  previous: AlertInstance | undefined,
  nowMs: number,
): AlertInstance | undefined {
  const from = previous?.state ?? 'normal';
  const base = {
    ruleId: input.ruleId,
    seriesKey: input.seriesKey,
    labels: input.labels,
    value: input.value,
    lastEvalMs: nowMs,
  };
  const isOngoing =
    from === 'pending' || from === 'firing' || from === 'nodata' || from === 'error';

  switch (input.signal) {
    case 'keep':
      return previous && { ...previous, labels: input.labels, lastEvalMs: nowMs };

    case 'nodata':
    case 'error': {
      const state = input.signal;
      const activeSinceMs = from === state && previous ? previous.activeSinceMs : nowMs;
      return { ...base, state, activeSinceMs, firingSinceMs: null, ...ackOf(previous) };
    }

    case 'met': {
      if (from === 'firing' && previous) {
        const firing: AlertInstance = { ...previous, ...base };
        delete firing.keepFiringUntilMs;
        return firing;
      }
      const activeSinceMs = from === 'pending' && previous ? previous.activeSinceMs : nowMs;
      const isDue = nowMs - activeSinceMs >= rule.forMs;
      const ack = isOngoing ? ackOf(previous) : {};
      return isDue
        ? { ...base, state: 'firing', activeSinceMs, firingSinceMs: nowMs, ...ack }
        : { ...base, state: 'pending', activeSinceMs, firingSinceMs: null, ...ack };
    }

    case 'clear': {
      if (from !== 'firing' || !previous) return undefined;

      const untilMs = previous.keepFiringUntilMs ?? nowMs + rule.keepFiringForMs;
      if (nowMs < untilMs) return { ...previous, ...base, keepFiringUntilMs: untilMs };

      return {
        ...base,
        state: 'resolved',
        activeSinceMs: previous.activeSinceMs,
        firingSinceMs: previous.firingSinceMs,
        resolvedAtMs: nowMs,
      };
    }
  }
}
