import type { Severity } from './rule.js';
import type { Labels } from './series.js';

/** The states of one Alert; see docs/alerting.md for the moves between them. */
export const ALERT_STATES = ['normal', 'pending', 'firing', 'resolved', 'nodata', 'error'] as const;

export type AlertState = (typeof ALERT_STATES)[number];

/**
 * One series of one Rule, as stored between evaluations. Only non-normal Alerts are stored; a
 * series that is not stored is normal. Times are epoch ms.
 */
export interface AlertInstance {
  ruleId: string;
  seriesKey: string;
  /** The series' labels with the Rule's labels on top. */
  labels: Labels;
  state: AlertState;
  /** The last evaluated value; null when there was no data or the query failed. */
  value: number | null;
  /** When the current episode began: the condition first held, or nodata/error was entered. */
  activeSinceMs: number;
  /** When the Alert started firing; kept on `resolved` so a notice can say for how long. */
  firingSinceMs: number | null;
  lastEvalMs: number;
  resolvedAtMs?: number;
  /** Set while a firing Alert is held by keepFiringForMs after its condition cleared. */
  keepFiringUntilMs?: number;
  /** Who acknowledged the Alert; cleared when the episode ends (resolved or normal). */
  ackedBy?: string;
  ackedAtMs?: number;
}

/** One change of state of one Alert, with its rendered texts: what notifications are made of. */
export interface AlertTransition {
  ruleId: string;
  seriesKey: string;
  labels: Labels;
  from: AlertState;
  to: AlertState;
  atMs: number;
  value: number | null;
  threshold: number;
  severity: Severity;
  summary: string;
  description: string;
}

/** One evaluation of one Rule, kept in its recent-evaluations log. Times are epoch ms. */
export interface EvaluationRecord {
  ruleId: string;
  atMs: number;
  /** Query plus evaluation time, when the caller measured it. */
  durationMs?: number;
  /** Series the query returned. */
  series: number;
  /** The value of the worst series (worst state, then furthest past the threshold). */
  value: number | null;
  threshold: number;
  /** The worst state after this evaluation: firing, error, nodata, pending, resolved, normal. */
  state: AlertState;
  /** How many series or Alerts ended in each state; states with none are left out. */
  states: Partial<Record<AlertState, number>>;
  /** How many state changes this evaluation produced. */
  transitions: number;
  /** The query's error, when it failed. */
  error?: string;
}

/** Severity order of states for summaries: the first is the one a person looks at first. */
export const STATE_PRIORITY: readonly AlertState[] = [
  'firing',
  'error',
  'nodata',
  'pending',
  'resolved',
  'normal',
];
