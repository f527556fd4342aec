import { MAX_REPLAY_TICKS } from '../../../shared/alerting/replay.js';

/** The smallest step main takes: cron ticks are whole seconds. */
const MIN_STEP_SEC = 1;

/** What is wrong with a typed step, as an i18n key of the rules texts and its values. */
export interface StepProblem {
  key: 'replay.stepNotNumber' | 'replay.stepTooSmall' | 'replay.stepTooManyTicks';
  values: Record<string, number | string>;
}

/**
 * The replay step typed in seconds as ms, or what is wrong with it: below 1 s, or so small that
 * the window would take more than MAX_REPLAY_TICKS evaluations. Empty means every cron tick.
 */
export function replayStepOf(
  text: string,
  fromMs: number,
  toMs: number,
): { stepMs?: number; problem: StepProblem | null } {
  const trimmed = text.trim();
  if (trimmed === '') return { problem: null };

  const stepSec = Number(trimmed);
  if (!Number.isFinite(stepSec)) {
    return { problem: { key: 'replay.stepNotNumber', values: { given: trimmed } } };
  }
  if (stepSec < MIN_STEP_SEC) {
    return { problem: { key: 'replay.stepTooSmall', values: { min: MIN_STEP_SEC } } };
  }

  const stepMs = Math.round(stepSec * 1000);
  const ticks = Math.floor((toMs - fromMs) / stepMs) + 1;
  if (ticks > MAX_REPLAY_TICKS) {
    const minStepSec = Math.ceil((toMs - fromMs) / (MAX_REPLAY_TICKS - 1) / 1000);
    const values = { ticks, max: MAX_REPLAY_TICKS, minStep: minStepSec };
    return { problem: { key: 'replay.stepTooManyTicks', values } };
  }

  return { stepMs, problem: null };
}
