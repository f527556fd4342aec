import { fail, type Failure } from '../../../shared/result.js';
import { CACHE_REFRESH_JOB, STATS_SAMPLE_JOB, WEEKLY_REPORT_JOB } from '../../../shared/jobs.js';
import { ALERTS_QUEUE, EVALUATE_JOB } from '../../alerts/config-stores.js';
import { builtinProcessors } from '../../queues/builtin-processors.js';
import { loadCustomProcessors } from '../../queues/custom-processors.js';

/** Job names every node runs, whatever it was started with. */
export const BUILTIN_JOB_NAMES: readonly string[] = [
  ...Object.keys(builtinProcessors()),
  CACHE_REFRESH_JOB,
  STATS_SAMPLE_JOB,
  WEEKLY_REPORT_JOB,
].sort();

/** How a command may vouch for a job name that is not built in. */
export interface CustomJobFlags {
  /** The module nodes load with `dipper node --processors`: its names are accepted. */
  processors?: string;
  /** The job runs on a custom processor this machine cannot load: no check. */
  customJob?: boolean;
}

function list(names: Iterable<string>): string {
  return [...names].join(', ');
}

/**
 * Null when some node can run `job` on `queue`: a built-in job, or one the `--processors`
 * module exports (custom processors are given to each node on its command line, so no stored
 * configuration names them). Otherwise a failure listing the names that are known, so that a
 * typo is refused instead of failing on every tick.
 */
export async function checkJobName(
  job: string,
  queue: string,
  flags: CustomJobFlags,
): Promise<Failure | null> {
  if (job === EVALUATE_JOB && queue === ALERTS_QUEUE) {
    return fail(
      'BAD_REQUEST',
      `--job ${EVALUATE_JOB} on ${ALERTS_QUEUE} evaluates rules, and rules make their own evaluation schedules; save a rule with dipper apply instead`,
    );
  }
  if (BUILTIN_JOB_NAMES.includes(job) || flags.customJob) return null;

  const builtIn = `built-in jobs: ${list(BUILTIN_JOB_NAMES)}`;
  if (flags.processors === undefined) {
    return fail(
      'BAD_REQUEST',
      `--job "${job}" is not a built-in job; ${builtIn}. For a job of custom processors, ` +
        'give --processors FILE (the module the nodes load) or --custom-job',
    );
  }

  const custom = await loadCustomProcessors(flags.processors);
  if (!custom.ok) return custom;
  const names = Object.keys(custom.value).sort();
  if (names.includes(job)) return null;

  return fail(
    'BAD_REQUEST',
    `--job "${job}" is neither a built-in job nor in ${flags.processors}; ${builtIn}; ` +
      `${flags.processors}: ${list(names)}`,
  );
}
