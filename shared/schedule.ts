import { z } from 'zod';
import { validateCron, validateTimeZone } from './cron.js';

/** Largest accepted job payload, in bytes of its JSON text. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;

const ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const QUEUE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const JOB_NAME = /^[a-z][a-z0-9_.-]{0,63}$/;

/** What a node does with ticks it missed while asleep, down, or too late. */
export const MisfirePolicySchema = z.enum(['skip', 'run-latest']);

/** `queue`: one Bull job per tick. `lock`: the node holding a Redlock lock runs the tick in place. */
export const DispatchModeSchema = z.enum(['queue', 'lock']);

/** Bull options applied to every job a schedule produces. */
export const JobOptionsSchema = z
  .object({
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
  })
  .strict();

const payload = z.unknown().superRefine((value, ctx) => {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `payload is not JSON: ${(error as Error).message}` });
    return;
  }
  if (text === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: 'payload is not JSON; expected an object, array or value',
    });
    return;
  }
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_PAYLOAD_BYTES) {
    ctx.addIssue({
      code: 'custom',
      message: `payload is ${bytes} bytes of JSON; expected at most ${MAX_PAYLOAD_BYTES}`,
    });
  }
});

/** A schedule as stored in Redis and edited from the CLI and the console. */
export const ScheduleSchema = z
  .object({
    id: z.string().regex(ID, 'id must be 1-64 of a-z 0-9 _ - and start with a letter or digit'),
    name: z.string().trim().min(1, 'name must not be empty').max(200, 'name is longer than 200'),
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
    queue: z.string().regex(QUEUE, 'queue must be 1-64 of A-Z a-z 0-9 _ . - (no ":" or braces)'),
    job: z.string().regex(JOB_NAME, 'job must be 1-64 of a-z 0-9 _ . - and start with a letter'),
    data: payload.default({}),
    enabled: z.boolean().default(true),
    misfire: MisfirePolicySchema.default('skip'),
    dispatch: DispatchModeSchema.default('queue'),
    options: JobOptionsSchema.default({ attempts: 1, keepCompleted: 100, keepFailed: 1_000 }),
  })
  .strict();

/** A validated schedule. */
export type Schedule = z.infer<typeof ScheduleSchema>;
/** What a caller may send: defaults filled in by the schema. */
export type ScheduleInput = z.input<typeof ScheduleSchema>;
export type MisfirePolicy = z.infer<typeof MisfirePolicySchema>;
export type DispatchMode = z.infer<typeof DispatchModeSchema>;
