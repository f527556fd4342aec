import type { DispatchMode, MisfirePolicy, Schedule } from '../../../shared/schedule.js';
import type { Issues } from '../../lib/issues.js';

/** The editor's fields as the person types them; numbers stay text until the draft is built. */
export interface ScheduleForm {
  id: string;
  name: string;
  cron: string;
  tz: string;
  queue: string;
  job: string;
  /** The job data as JSON text. */
  data: string;
  enabled: boolean;
  misfire: MisfirePolicy;
  dispatch: DispatchMode;
  offsetMs: string;
  attempts: string;
}

export function emptyForm(): ScheduleForm {
  return {
    id: '',
    name: '',
    cron: '',
    tz: 'UTC',
    queue: '',
    job: '',
    data: '{}',
    enabled: true,
    misfire: 'skip',
    dispatch: 'queue',
    offsetMs: '0',
    attempts: '1',
  };
}

export function formOf(schedule: Schedule): ScheduleForm {
  return {
    id: schedule.id,
    name: schedule.name,
    cron: schedule.cron,
    tz: schedule.tz,
    queue: schedule.queue,
    job: schedule.job,
    data: JSON.stringify(schedule.data, null, 2),
    enabled: schedule.enabled,
    misfire: schedule.misfire,
    dispatch: schedule.dispatch,
    offsetMs: String(schedule.offsetMs),
    attempts: String(schedule.options.attempts),
  };
}

/** A number field's text as a number; text that is not one is sent as is for the schema to name. */
function numberOf(text: string): number | string {
  const trimmed = text.trim();
  return trimmed !== '' && Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
}

/**
 * The draft sent to main, and what is wrong with the data text before the schema sees it.
 * Editing keeps the options the form does not show (backoff, timeout, priority, retention).
 */
export function draftOf(
  form: ScheduleForm,
  base: Schedule | null,
): { draft: Record<string, unknown>; dataIssues: Issues } {
  let data: unknown = {};
  const dataIssues: Issues = [];
  try {
    data = form.data.trim() === '' ? {} : JSON.parse(form.data);
  } catch (error) {
    dataIssues.push({ path: 'data', message: `data must be JSON: ${(error as Error).message}` });
  }

  const draft: Record<string, unknown> = {
    id: form.id.trim(),
    name: form.name,
    cron: form.cron.trim(),
    tz: form.tz.trim(),
    queue: form.queue.trim(),
    job: form.job.trim(),
    data,
    enabled: form.enabled,
    misfire: form.misfire,
    dispatch: form.dispatch,
    offsetMs: numberOf(form.offsetMs),
    options: { ...(base?.options ?? {}), attempts: numberOf(form.attempts) },
  };

  return { draft, dataIssues };
}
