import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { parseWith } from '../../shared/validation.js';
import type { Processor } from './processor.js';

/** Longest sleep an echo Job may ask for, in ms: a test or smoke-check knob, not a workload. */
export const ECHO_MAX_SLEEP_MS = 600_000;

const echoOptionsSchema = z.object({
  failTimes: z.number().int().min(0).optional(),
  sleepMs: z.number().int().min(0).max(ECHO_MAX_SLEEP_MS).optional(),
});

/**
 * Returns its data. Optional knobs in object data: `sleepMs` waits first (cut short by the
 * signal) and `failTimes: n` throws on the first n attempts, to exercise retries and timeouts.
 */
export const echoProcessor: Processor = async (ctx) => {
  const isObject = typeof ctx.data === 'object' && ctx.data !== null && !Array.isArray(ctx.data);
  const parsed = parseWith(echoOptionsSchema, isObject ? ctx.data : {}, 'echo data');
  if (!parsed.ok) throw new Error(parsed.message);

  const { failTimes = 0, sleepMs = 0 } = parsed.value;
  if (sleepMs > 0) await delay(sleepMs, undefined, { signal: ctx.signal });

  if (ctx.attempt <= failTimes) {
    throw new Error(`echo fails on purpose: attempt ${ctx.attempt} of failTimes ${failTimes}`);
  }

  return ctx.data;
};
