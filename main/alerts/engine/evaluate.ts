import type {
  AlertInstance,
  AlertState,
  AlertTransition,
  EvaluationRecord,
} from '../../../shared/alerting/alert.js';
import type { Rule } from '../../../shared/alerting/rule.js';
import { seriesKey, type Labels, type Series } from '../../../shared/alerting/series.js';
import { renderTemplate } from '../../../shared/alerting/template.js';
import { summarizeEvaluation } from './summary.js';
import {
  signalForError,
  signalForNoData,
  signalForValue,
  stepAlert,
  type Signal,
  type StepInput,
} from './step.js';

/** What the Rule's query gave: series, or an error message (never thrown). */
export type QueryOutcome = { ok: true; series: Series[] } | { ok: false; error: string };

/** The Alerts after one evaluation, the state changes it made, and its log record. */
export interface RuleEvaluation {
  /** Every Alert that is not normal, by series key. */
  instances: Map<string, AlertInstance>;
  /** One per state change, ordered by series key; staying in a state produces none. */
  transitions: AlertTransition[];
  evaluation: EvaluationRecord;
}

/** The series key of the Rule-level Alert: the Rule as a whole, with no series labels. */
export const RULE_LEVEL_KEY = seriesKey({});

/**
 * Evaluates one Rule at one tick. Pure: no I/O, no clock; `nowMs` is the tick.
 *
 * A series' value is its last sample; a NaN or a series without samples counts as no data.
 * Per series, with the condition `value op threshold`:
 * - normal -> pending when the condition holds, or straight to firing when forMs is 0;
 *   pending -> firing at the first tick where it has held for forMs since activeSinceMs;
 *   pending -> normal when it clears before that.
 * - A firing Alert stays firing while the condition holds. With a resolveThreshold it is held
 *   against that instead (hysteresis): `> 90, resolve 80` fires above 90, resolves at 80 or less.
 * - When it clears: firing -> resolved, unless keepFiringForMs keeps it firing until that long
 *   after the first clear tick. resolved -> normal at the next tick where it is still clear
 *   (resolved is kept for one evaluation so a resolve notice can go out), or -> pending/firing.
 * - A stored series missing from the result gets the noData policy: `keep` its state, `ok`
 *   (as if clear), `alerting` (as if the condition held, pending period included) or `nodata`.
 *   A resolved Alert whose series disappears just ends (normal).
 * - No series at all: noData for every stored Alert; with none stored, for one Rule-level Alert
 *   (series key RULE_LEVEL_KEY, the Rule's labels). It clears once the query has data again.
 * - Query error: the onError policy (`keep`, `alerting` or `error`) for every stored Alert, or
 *   for the Rule-level Alert when none is stored.
 * - An acknowledgement lasts until the episode ends in resolved or normal.
 * Alerts carry the series' labels with the Rule's labels on top.
 */
export function evaluateRule(
  rule: Rule,
  outcome: QueryOutcome,
  previous: ReadonlyMap<string, AlertInstance>,
  nowMs: number,
): RuleEvaluation {
  const { inputs, seriesCount } = collectInputs(rule, outcome, previous);
  const instances = new Map<string, AlertInstance>();
  const transitions: AlertTransition[] = [];
  const outcomes: { state: AlertState; value: number | null }[] = [];

  for (const input of inputs) {
    const before = previous.get(input.seriesKey);
    const after = stepAlert(rule, input, before, nowMs);
    if (after) instances.set(input.seriesKey, after);

    const from = before?.state ?? 'normal';
    const to = after?.state ?? 'normal';
    if (from !== to) transitions.push(describeTransition(rule, input, from, to, nowMs));
    outcomes.push({ state: to, value: after?.value ?? input.value });
  }

  const evaluation = summarizeEvaluation(rule, nowMs, seriesCount, outcomes, transitions.length);
  if (!outcome.ok) evaluation.error = outcome.error;

  return { instances, transitions, evaluation };
}

function lastValue(series: Series): number | null {
  const value = series.samples.at(-1)?.v;
  return value === undefined || Number.isNaN(value) ? null : value;
}

/** Series with data by key; the first of two with the same labels wins. */
function presentSeries(outcome: QueryOutcome): Map<string, { labels: Labels; value: number }> {
  const present = new Map<string, { labels: Labels; value: number }>();
  if (!outcome.ok) return present;

  for (const series of outcome.series) {
    const value = lastValue(series);
    const key = seriesKey(series.labels);
    if (value !== null && !present.has(key)) present.set(key, { labels: series.labels, value });
  }

  return present;
}

/** One input per series to step, in series-key order so transitions come out stable. */
function collectInputs(
  rule: Rule,
  outcome: QueryOutcome,
  previous: ReadonlyMap<string, AlertInstance>,
): { inputs: StepInput[]; seriesCount: number } {
  const inputs = new Map<string, StepInput>();
  const add = (key: string, labels: Labels, signal: Signal, value: number | null) => {
    const withRuleLabels = { ...labels, ...rule.labels };
    inputs.set(key, { ruleId: rule.id, seriesKey: key, labels: withRuleLabels, signal, value });
  };

  // A resolved Alert has ended; it is not "known" for no-data or error handling.
  const stored = [...previous.values()];
  const known = stored.filter((a) => a.state !== 'resolved');
  for (const alert of stored.filter((a) => a.state === 'resolved')) {
    add(alert.seriesKey, alert.labels, 'clear', null);
  }

  const present = presentSeries(outcome);
  const absentSignal = outcome.ok ? signalForNoData(rule) : signalForError(rule);
  if (present.size === 0) {
    const targets = known.length > 0 ? known : [{ seriesKey: RULE_LEVEL_KEY, labels: {} }];
    for (const t of targets) add(t.seriesKey, t.labels, absentSignal, null);
  }

  for (const [key, { labels, value }] of present) {
    add(key, labels, signalForValue(rule, value, previous.get(key)), value);
  }
  for (const alert of present.size > 0 ? known : []) {
    if (present.has(alert.seriesKey)) continue;
    // The Rule-level Alert stands for "the query has no data"; now it has.
    const signal = alert.seriesKey === RULE_LEVEL_KEY ? 'clear' : absentSignal;
    add(alert.seriesKey, alert.labels, signal, null);
  }

  const sorted = [...inputs.values()].sort((a, b) => (a.seriesKey < b.seriesKey ? -1 : 1));
  return { inputs: sorted, seriesCount: present.size };
}

function describeTransition(
  rule: Rule,
  input: StepInput,
  from: AlertState,
  to: AlertState,
  atMs: number,
): AlertTransition {
  const context = { labels: input.labels, value: input.value, threshold: rule.condition.threshold };

  return {
    ruleId: rule.id,
    seriesKey: input.seriesKey,
    labels: input.labels,
    from,
    to,
    atMs,
    value: input.value,
    // The threshold that decided: a firing Alert resolves by the resolve threshold.
    threshold:
      from === 'firing' && to === 'resolved'
        ? (rule.condition.resolveThreshold ?? rule.condition.threshold)
        : rule.condition.threshold,
    severity: rule.severity,
    summary: renderTemplate(rule.summary, context),
    description: renderTemplate(rule.description, context),
  };
}
