import type { TransitionRecord } from '../../../shared/alerting/history.js';
import type { AlertState } from '../../../shared/alerting/alert.js';

/** The report tick: Monday 2024-05-06 09:00 UTC; the week is from 2024-04-29 09:00. */
export const REPORT_TICK = Date.parse('2024-05-06T09:00:00Z');
export const WEEK_START = Date.parse('2024-04-29T09:00:00Z');

function transition(
  iso: string,
  ruleId: string,
  app: string,
  from: AlertState,
  to: AlertState,
): TransitionRecord {
  return {
    kind: 'transition',
    atMs: Date.parse(iso),
    ruleId,
    labels: { app, team: 'web' },
    from,
    to,
    value: to === 'firing' ? 50 : 1,
    threshold: 10,
    severity: 'critical',
  };
}

/**
 * A week of history, oldest first, with the digest it must give:
 * - checkout-errors (checkout): firing since before the week, resolves 1 h in (1 h firing, no
 *   known start); fires again 30 min later (a flap) for 30 min; fires 2 h on 1 May; fires 1 h
 *   before the tick and is still firing. 3 firings, 4 h 30 min firing, resolves after 30 min
 *   and 2 h: mean 1 h 15 min; 1 flap.
 * - old-rule (deleted; app x): fires 10 min, resolves, fires again 30 min later (a flap) and
 *   goes to nodata after 20 min (leaves firing, not a resolve). 2 firings, 30 min, mean 10 min.
 * - search-latency: nothing.
 */
export const WEEK_HISTORY: TransitionRecord[] = [
  transition('2024-04-28T20:00:00Z', 'checkout-errors', 'checkout', 'normal', 'firing'),
  transition('2024-04-29T10:00:00Z', 'checkout-errors', 'checkout', 'firing', 'resolved'),
  transition('2024-04-29T10:01:00Z', 'checkout-errors', 'checkout', 'resolved', 'normal'),
  transition('2024-04-29T10:29:00Z', 'checkout-errors', 'checkout', 'normal', 'pending'),
  transition('2024-04-29T10:30:00Z', 'checkout-errors', 'checkout', 'pending', 'firing'),
  transition('2024-04-29T11:00:00Z', 'checkout-errors', 'checkout', 'firing', 'resolved'),
  transition('2024-05-01T12:00:00Z', 'checkout-errors', 'checkout', 'normal', 'firing'),
  transition('2024-05-01T14:00:00Z', 'checkout-errors', 'checkout', 'firing', 'resolved'),
  transition('2024-05-02T00:00:00Z', 'old-rule', 'x', 'normal', 'firing'),
  transition('2024-05-02T00:10:00Z', 'old-rule', 'x', 'firing', 'resolved'),
  transition('2024-05-02T00:40:00Z', 'old-rule', 'x', 'normal', 'firing'),
  transition('2024-05-02T01:00:00Z', 'old-rule', 'x', 'firing', 'nodata'),
  transition('2024-05-06T08:00:00Z', 'checkout-errors', 'checkout', 'normal', 'firing'),
];

export const HOUR = 3_600_000;
export const MINUTE = 60_000;
