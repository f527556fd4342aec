import { z } from 'zod';
import { listed, oneOf, onlyKeys, quote } from '../zod-messages.js';
import { validateCron, validateTimeZone } from '../cron.js';
import { CONDITION_OPS, ORDERED_OPS, type ConditionOp } from './condition.js';
import { validateTemplate } from './template.js';

/** Longest pending period and keep-firing period, in ms: 30 days. */
export const MAX_HOLD_MS = 30 * 86_400_000;
/** Most labels a Rule adds to its Alerts. */
export const MAX_RULE_LABELS = 32;

// The same id rule as schedules (shared/schedule.ts), so a Rule id can name its Schedule.
const ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

function id(field: string) {
  return z
    .string({ error: (issue) => `${field} must be a string; got ${quote(issue.input)}` })
    .regex(ID, {
      error: (issue) =>
        `${field} must be 1-64 of a-z 0-9 _ - and start with a letter or digit; got ${quote(issue.input)}`,
    });
}

function finite(field: string) {
  return z.number({
    error: (issue) => `${field} must be a finite number; got ${quote(issue.input)}`,
  });
}

function holdMs(field: string) {
  return z
    .number({ error: (issue) => `${field} must be a number of ms; got ${quote(issue.input)}` })
    .int(`${field} must be a whole number of ms`)
    .min(0, `${field} must be at least 0 ms`)
    .max(MAX_HOLD_MS, `${field} must be at most ${MAX_HOLD_MS} ms (30 days)`)
    .default(0);
}

function template(field: string, maxLength: number, minLength = 0) {
  return z
    .string()
    .min(minLength, `${field} must not be empty`)
    .max(maxLength, `${field} is longer than ${maxLength}`)
    .superRefine((value, ctx) => {
      for (const problem of validateTemplate(value))
        ctx.addIssue({ code: 'custom', message: problem });
    });
}

const sourceShape = {
  /** A configured metric source, by id. */
  sourceId: id('sourceId'),
  /** The query in the source's language (PromQL, a JSONPath, a Redis metric name...). */
  query: z
    .string()
    .trim()
    .min(1, 'query must not be empty')
    .max(4_000, 'query is longer than 4000'),
};

/** Where a Rule reads its series from. */
export const RuleSourceSchema = z.strictObject(sourceShape, onlyKeys(sourceShape));

/** Which side of `threshold` a resolve threshold must be on for each ordered op, in words. */
const RESOLVE_SIDE: Record<ConditionOp, 'below' | 'above' | null> = {
  '>': 'below',
  '>=': 'below',
  '<': 'above',
  '<=': 'above',
  '==': null,
  '!=': null,
};

const conditionShape = {
  op: oneOf(CONDITION_OPS, 'op'),
  threshold: finite('threshold'),
  /** Hysteresis: a firing Alert resolves only once `value op resolveThreshold` stops holding. */
  resolveThreshold: finite('resolveThreshold').optional(),
};

/** `value op threshold`, with an optional resolve threshold for the ordered ops. */
export const ConditionSchema = z
  .strictObject(conditionShape, onlyKeys(conditionShape))
  .superRefine(({ op, threshold, resolveThreshold }, ctx) => {
    if (resolveThreshold === undefined) return;

    const side = RESOLVE_SIDE[op];
    const path = ['resolveThreshold'];
    if (side === null) {
      const message = `resolveThreshold applies only to ops ${listed(ORDERED_OPS)}; got op "${op}"`;
      ctx.addIssue({ code: 'custom', path, message });
      return;
    }

    const isWrongSide =
      side === 'below' ? resolveThreshold > threshold : resolveThreshold < threshold;
    if (isWrongSide) {
      ctx.addIssue({
        code: 'custom',
        path,
        message:
          `resolveThreshold ${resolveThreshold} is on the wrong side of threshold ${threshold}: ` +
          `with op "${op}" an Alert resolves once the value is back ${side} it, so expected ` +
          `${side === 'below' ? 'at most' : 'at least'} ${threshold}`,
      });
    }
  });

const evaluateShape = {
  cron: z.string().superRefine((value, ctx) => {
    const problem = validateCron(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  tz: z
    .string()
    .default('UTC')
    .superRefine((value, ctx) => {
      const problem = validateTimeZone(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
};

/** When a Rule is evaluated: a cron expression in an IANA zone, as for schedules. */
export const EvaluateScheduleSchema = z.strictObject(evaluateShape, onlyKeys(evaluateShape));

export const SeveritySchema = oneOf(['critical', 'warning', 'info'], 'severity');
/** What a series without data becomes: keep its state, normal, alerting, or `nodata`. */
export const NoDataPolicySchema = oneOf(['keep', 'ok', 'alerting', 'nodata'], 'noData');
/** What the Alerts of a Rule become when its query fails: keep, alerting, or `error`. */
export const ErrorPolicySchema = oneOf(['keep', 'alerting', 'error'], 'onError');

// Label names are checked by hand: zod reports a bad record key only as "Invalid key in record".
const LabelsSchema = z
  .record(z.string(), z.string().max(1_024, 'label value is longer than 1024'))
  .superRefine((labels, ctx) => {
    const names = Object.keys(labels);
    if (names.length > MAX_RULE_LABELS) {
      const message = `a Rule has at most ${MAX_RULE_LABELS} labels; got ${names.length}`;
      ctx.addIssue({ code: 'custom', message });
    }
    for (const name of names.filter((n) => !LABEL_NAME.test(n))) {
      const message = `label name must be 1-128 of A-Z a-z 0-9 _ and not start with a digit; got ${quote(name)}`;
      ctx.addIssue({ code: 'custom', path: [name], message });
    }
  });

const ruleShape = {
  id: id('id'),
  name: z.string().trim().min(1, 'name must not be empty').max(200, 'name is longer than 200'),
  source: RuleSourceSchema,
  condition: ConditionSchema,
  evaluate: EvaluateScheduleSchema,
  /** Pending period: how long the condition must hold before the Alert fires, in ms. */
  forMs: holdMs('forMs'),
  /** How long an Alert keeps firing after its condition cleared, in ms. */
  keepFiringForMs: holdMs('keepFiringForMs'),
  /** Added to every Alert of the Rule; they win over a series' own labels of the same name. */
  labels: LabelsSchema.default({}),
  severity: SeveritySchema,
  summary: template('summary', 1_024, 1),
  description: template('description', 8_192).default(''),
  noData: NoDataPolicySchema.default('nodata'),
  onError: ErrorPolicySchema.default('error'),
  /** Spread evaluations over the interval by a fixed per-Rule offset instead of all at :00. */
  spread: z.boolean().default(false),
  enabled: z.boolean().default(true),
};

/** An alert Rule as stored in Redis and edited from the CLI and the console. */
export const RuleSchema = z.strictObject(ruleShape, onlyKeys(ruleShape));

/** A validated Rule. */
export type Rule = z.infer<typeof RuleSchema>;
/** What a caller may send: defaults filled in by the schema. */
export type RuleInput = z.input<typeof RuleSchema>;
export type RuleSource = z.infer<typeof RuleSourceSchema>;
export type Condition = z.infer<typeof ConditionSchema>;
export type EvaluateSchedule = z.infer<typeof EvaluateScheduleSchema>;
export type Severity = z.infer<typeof SeveritySchema>;
export type NoDataPolicy = z.infer<typeof NoDataPolicySchema>;
export type ErrorPolicy = z.infer<typeof ErrorPolicySchema>;
export type { ConditionOp } from './condition.js';
