import { z } from 'zod';
import { compileCron, validateCron, validateTimeZone, type CronCursor } from './cron.js';
import {
  CACHE_REFRESH_JOB,
  CacheRefreshDataSchema,
  STATS_SAMPLE_JOB,
  StatsSampleDataSchema,
  WEEKLY_REPORT_JOB,
  WeeklyReportDataSchema,
} from './jobs.js';

/** Largest accepted job payload, in bytes of its JSON text. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;

const ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const QUEUE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const JOB_NAME = /^[a-z][a-z0-9_.-]{0,63}$/;

/** A string field; a missing or non-string value is told as such, naming the field. */
function text(field: string) {
  return z.string({
    error: (issue) =>
      issue.input === undefined
        ? `${field} is missing; expected a string`
        : `${field} must be a string; got ${JSON.stringify(issue.input)?.slice(0, 80) ?? typeof issue.input}`,
  });
}

/** A string matching `pattern`; the message states the rule and shows the value given. */
function matching(field: string, pattern: RegExp, rule: string) {
  return text(field).regex(pattern, { error: (issue) => `${rule}; got ${quote(issue.input)}` });
}

/** Strict-object options whose message for unknown keys lists the keys that are accepted. */
function onlyKeys(shape: object): z.core.$ZodObjectParams {
  const known = Object.keys(shape).join(', ');
  return {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown key ${issue.keys.map(quote).join(', ')}; expected only ${known}`
        : undefined,
  };
}

/** Quotes untrusted text for a message, cut to a readable length. */
function quote(text: unknown): string {
  const value = String(text);
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}...` : value);
}

/** Deepest nesting a payload may have: far beyond real job data, well within the stack. */
const MAX_PAYLOAD_DEPTH = 256;
const JSON_KINDS = 'expected objects, arrays, strings, finite numbers, booleans and null';

/**
 * Why `value` would not come back unchanged from JSON, naming where; null when it would.
 * JSON.stringify alone is not enough: it silently drops functions and undefined inside objects.
 */
function describeNonJson(value: unknown, path: string): string | null {
  const problem = describeValue(value, path, 0, new Set());
  return problem && `${problem}, which is not JSON; ${JSON_KINDS}`;
}

function describeValue(
  value: unknown,
  path: string,
  depth: number,
  seen: Set<object>,
): string | null {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : `${path} is ${value}`;
  if (typeof value === 'undefined') return `${path} is undefined`;
  if (typeof value !== 'object') return `${path} is a ${typeof value}`;
  if (depth >= MAX_PAYLOAD_DEPTH) return `${path} nests deeper than ${MAX_PAYLOAD_DEPTH} levels`;
  if (seen.has(value)) return `${path} refers back to itself`;

  const prototype: unknown = Object.getPrototypeOf(value);
  const isPlain = Array.isArray(value) || prototype === Object.prototype || prototype === null;
  if (!isPlain) {
    const name: unknown = (value as { constructor?: { name?: unknown } }).constructor?.name;
    return `${path} is a ${typeof name === 'string' && name !== '' ? name : 'class instance'}`;
  }

  seen.add(value);
  const items: [string, unknown][] = Array.isArray(value)
    ? Array.from({ length: value.length }, (_, index) => [`${path}[${index}]`, value[index]])
    : Object.entries(value).map(([key, item]) => [`${path}.${key}`, item]);
  for (const [itemPath, item] of items) {
    const problem = describeValue(item, itemPath, depth + 1, seen);
    if (problem) return problem;
  }
  seen.delete(value);

  return null;
}

/** What a node does with ticks it missed while asleep, down, or too late. */
export const MisfirePolicySchema = z.enum(['skip', 'run-latest']);

/** `queue`: one Bull job per tick. `lock`: the node holding a Redlock lock runs the tick in place. */
export const DispatchModeSchema = z.enum(['queue', 'lock']);

const jobOptionsShape = {
  attempts: z.number().int().min(1).max(100).default(1),
  backoff: z
    .object({
      type: z.enum(['fixed', 'exponential']),
      delayMs: z.number().int().min(0).max(86_400_000),
    })
    .strict()
    .optional(),
  timeoutMs: z.number().int().min(1).max(86_400_000).optional(),
  priority: z.number().int().min(1).max(2_097_152).optional(),
  /** Completed jobs kept in Redis (count); tick de-duplication does not depend on them. */
  keepCompleted: z.number().int().min(0).max(1_000_000).default(100),
  /** Failed jobs kept in Redis (count). */
  keepFailed: z.number().int().min(0).max(1_000_000).default(1_000),
};

/** Bull options applied to every job a schedule produces. */
export const JobOptionsSchema = z.strictObject(jobOptionsShape, onlyKeys(jobOptionsShape));

const payload = z.unknown().superRefine((value, ctx) => {
  const problem = describeNonJson(value, 'payload');
  if (problem) {
    ctx.addIssue({ code: 'custom', message: problem });
    return;
  }

  const bytes = new TextEncoder().encode(JSON.stringify(value)).length;
  if (bytes > MAX_PAYLOAD_BYTES) {
    ctx.addIssue({
      code: 'custom',
      message: `payload is ${bytes} bytes of JSON; expected at most ${MAX_PAYLOAD_BYTES}`,
    });
  }
});

/** The data schemas of the built-in job types that have settings, by job name. */
const PLATFORM_JOB_DATA: Partial<Record<string, z.ZodType>> = {
  [CACHE_REFRESH_JOB]: CacheRefreshDataSchema,
  [STATS_SAMPLE_JOB]: StatsSampleDataSchema,
  [WEEKLY_REPORT_JOB]: WeeklyReportDataSchema,
};

const scheduleShape = {
  id: matching('id', ID, 'id must be 1-64 of a-z 0-9 _ - and start with a letter or digit'),
  name: text('name').trim().min(1, 'name must not be empty').max(200, 'name is longer than 200'),
  cron: text('cron').superRefine((value, ctx) => {
    const problem = validateCron(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  tz: text('tz')
    .default('UTC')
    .superRefine((value, ctx) => {
      const problem = validateTimeZone(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  queue: matching('queue', QUEUE, 'queue must be 1-64 of A-Z a-z 0-9 _ . - (no ":" or braces)'),
  job: matching('job', JOB_NAME, 'job must be 1-64 of a-z 0-9 _ . - and start with a letter'),
  data: payload.default({}),
  enabled: z.boolean().default(true),
  misfire: MisfirePolicySchema.default('skip'),
  dispatch: DispatchModeSchema.default('queue'),
  /**
   * Every tick fires this long after its cron time (ms, below one day), so schedules on one
   * cron can be spread over their interval; tick ids use the shifted time.
   */
  offsetMs: z
    .number()
    .int('offsetMs must be whole ms')
    .min(0, 'offsetMs must be at least 0')
    .max(86_399_999, 'offsetMs must be below one day (86400000 ms)')
    .default(0),
  options: JobOptionsSchema.default({ attempts: 1, keepCompleted: 100, keepFailed: 1_000 }),
};

// The platform's job types check their data when the schedule is saved, not at its first run.
function checkPlatformData(schedule: { job: string; data: unknown }, ctx: z.RefinementCtx): void {
  const schema = PLATFORM_JOB_DATA[schedule.job];
  const parsed = schema?.safeParse(schedule.data);
  for (const issue of parsed?.success === false ? parsed.error.issues : []) {
    ctx.addIssue({ code: 'custom', path: ['data', ...issue.path], message: issue.message });
  }
}

/** A schedule as stored in Redis and edited from the CLI and the console. */
export const ScheduleSchema = z
  .strictObject(scheduleShape, onlyKeys(scheduleShape))
  .superRefine(checkPlatformData);

/**
 * A schedule in a configuration file: `name` may be left out and is then its id, as
 * `dipper schedules add` names it.
 */
export const FileScheduleSchema = z
  .strictObject({ ...scheduleShape, name: scheduleShape.name.optional() }, onlyKeys(scheduleShape))
  .transform((schedule) => ({ ...schedule, name: schedule.name ?? schedule.id }))
  .superRefine(checkPlatformData);

/** A validated schedule. */
export type Schedule = z.infer<typeof ScheduleSchema>;
/** What a caller may send: defaults filled in by the schema. */
export type ScheduleInput = z.input<typeof ScheduleSchema>;
export type MisfirePolicy = z.infer<typeof MisfirePolicySchema>;
export type DispatchMode = z.infer<typeof DispatchModeSchema>;

/** The fire times of a schedule: its cron in its zone, shifted by its offset. */
export function scheduleCursor(schedule: Pick<Schedule, 'cron' | 'tz' | 'offsetMs'>): CronCursor {
  const cursor = compileCron(schedule.cron, schedule.tz);
  const offsetMs = schedule.offsetMs;
  if (offsetMs === 0) return cursor;

  return {
    next(afterMs) {
      const next = cursor.next(afterMs - offsetMs);
      return next === null ? null : next + offsetMs;
    },
  };
}
