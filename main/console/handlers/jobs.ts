import type Bull from 'bull';
import type { ConsoleHandlers } from '../../../shared/api/contract.js';
import type { JobDetail, JobState } from '../../../shared/api/dto.js';
import { fail, ok, type Result } from '../../../shared/result.js';
import { countBulk, checkBulk, startBulk } from '../bulk.js';
import {
  findJobState,
  readJobData,
  readJobDetail,
  readJobPage,
  removeJobs,
} from '../jobs-reader.js';
import type { ConsoleSession } from '../session.js';

const where = (session: ConsoleSession) => session.node.connection;

/**
 * Moves one job with Bull (`retry` from failed, `promote` from delayed) after checking that it
 * is in the state the move starts from, then returns its detail.
 */
async function moveJob(
  session: ConsoleSession,
  queue: string,
  id: string,
  from: JobState,
  verb: 'retry' | 'promote',
): Promise<Result<JobDetail>> {
  const { client, prefix } = where(session);
  const state = await findJobState(client, prefix, queue, id);
  if (state === 'unknown') {
    const detail = await readJobDetail(client, prefix, queue, id);
    if (!detail.ok) return detail;
  }
  if (state !== from) {
    return fail(
      'CONFLICT',
      `job "${id}" of queue "${queue}" is ${state}; only ${from} jobs can be ${verb === 'retry' ? 'retried' : 'promoted'}`,
    );
  }

  let job: Bull.Job | null;
  try {
    job = await session.node.queues.get(queue).getJob(id);
  } catch (error) {
    return fail(
      'CONFLICT',
      `job "${id}" of queue "${queue}" cannot be parsed (${(error as Error).message}); it can only be removed`,
    );
  }
  if (!job) return fail('NOT_FOUND', `job "${id}" not found in queue "${queue}"`);
  try {
    await (verb === 'retry' ? job.retry() : job.promote());
  } catch (error) {
    return fail(
      'CONFLICT',
      `cannot ${verb} job "${id}" of queue "${queue}": ${(error as Error).message}`,
    );
  }
  session.log.info(`job ${verb === 'retry' ? 'retried' : 'promoted'}`, { queue, jobId: id });

  return readJobDetail(client, prefix, queue, id);
}

export const jobsHandlers: Pick<
  ConsoleHandlers<ConsoleSession>,
  | 'jobs.page'
  | 'jobs.get'
  | 'jobs.data'
  | 'jobs.retry'
  | 'jobs.promote'
  | 'jobs.remove'
  | 'jobs.bulkCount'
  | 'jobs.bulk'
> = {
  'jobs.page': async ({ queue, state, page, pageSize }, session) => {
    const { client, prefix } = where(session);
    return ok(await readJobPage(client, prefix, queue, state, page, pageSize));
  },

  'jobs.get': ({ queue, id }, session) => {
    const { client, prefix } = where(session);
    return readJobDetail(client, prefix, queue, id);
  },

  'jobs.data': ({ queue, id }, session) => {
    const { client, prefix } = where(session);
    return readJobData(client, prefix, queue, id);
  },

  'jobs.retry': ({ queue, id }, session) => moveJob(session, queue, id, 'failed', 'retry'),

  'jobs.promote': ({ queue, id }, session) => moveJob(session, queue, id, 'delayed', 'promote'),

  'jobs.remove': async ({ queue, id }, session) => {
    const { client, prefix } = where(session);
    const [outcome] = await removeJobs(client, prefix, queue, [id]);
    if (outcome === 'locked') {
      return fail(
        'CONFLICT',
        `job "${id}" of queue "${queue}" is running (its lock is held); remove it once it finishes or stalls`,
      );
    }
    if (outcome === 'removed') session.log.info('job removed', { queue, jobId: id });
    return ok({ removed: outcome === 'removed' });
  },

  'jobs.bulkCount': async ({ queue, state, action }, session) => {
    const { client, prefix } = where(session);
    const count = await countBulk(client, prefix, queue, state, action);
    return count.ok ? ok({ count: count.value }) : count;
  },

  'jobs.bulk': async ({ queue, state, action, expected, graceMs }, session) => {
    const checked = checkBulk(action, state);
    if (!checked.ok) return checked;

    const { client, prefix } = where(session);
    const operationId = startBulk(
      {
        client,
        prefix,
        queues: session.node.queues,
        log: session.log,
        emit: (progress) => session.emit('jobs.bulkProgress', progress),
      },
      { queue, state, action, expected, graceMs },
    );
    return ok({ operationId });
  },
};
