import { randomBytes } from 'node:crypto';
import Bull from 'bull';
import type { RedisClient } from '../connection/connection.js';
import type { Logger } from '../log/logger.js';
import type { QueueRegistry } from '../queues/queue-registry.js';
import type { BulkAction, BulkProgress, JobState } from '../../shared/api/dto.js';
import { JOB_STATES } from '../../shared/api/dto.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { removeJobs } from './jobs-reader.js';
import { STATE_KEYS, stateKey } from './queue-summary.js';

/** Jobs one step of a bulk action touches; progress is pushed after each. */
export const BULK_BATCH = 500;

/** The states each bulk action applies to. */
export const BULK_STATES: Record<BulkAction, readonly JobState[]> = {
  retry: ['failed'],
  promote: ['delayed'],
  remove: JOB_STATES,
  clean: JOB_STATES,
};

/** Bull's name of a state for clean(). */
const CLEAN_TYPE: Record<
  JobState,
  'completed' | 'wait' | 'active' | 'delayed' | 'failed' | 'paused'
> = {
  waiting: 'wait',
  active: 'active',
  delayed: 'delayed',
  failed: 'failed',
  completed: 'completed',
  paused: 'paused',
};

// Bull exports its Job class at runtime; its typings only describe instances. A Job built from
// an id alone is enough for retry() and promote(), which send the id to Bull's scripts; the
// hash is never parsed, so unreadable jobs are retried and promoted too.
const BullJob = (
  Bull as unknown as {
    Job: new (queue: Bull.Queue, name: string, data: unknown, opts: Bull.JobOptions) => Bull.Job;
  }
).Job;

function jobById(queue: Bull.Queue, id: string): Bull.Job {
  const job = new BullJob(queue, '__default__', {}, {});
  (job as { id: Bull.JobId }).id = id;
  return job;
}

/** BAD_REQUEST when the action does not apply to the state. */
export function checkBulk(action: BulkAction, state: JobState): Result<void> {
  const states = BULK_STATES[action];
  if (states.includes(state)) return ok(undefined);

  return fail(
    'BAD_REQUEST',
    `bulk ${action} applies to ${states.join(', ')} jobs; got state "${state}"`,
  );
}

/** How many jobs the action would touch at most: the state's length. */
export async function countBulk(
  client: RedisClient,
  prefix: string,
  queue: string,
  state: JobState,
  action: BulkAction,
): Promise<Result<number>> {
  const checked = checkBulk(action, state);
  if (!checked.ok) return checked;

  const key = stateKey(prefix, queue, state);
  const count =
    STATE_KEYS[state].kind === 'list' ? await client.llen(key) : await client.zcard(key);
  return ok(count);
}

export interface BulkRequest {
  queue: string;
  state: JobState;
  action: BulkAction;
  expected: number;
  graceMs: number;
}

export interface BulkDeps {
  client: RedisClient;
  prefix: string;
  queues: QueueRegistry;
  log: Logger;
  emit(progress: BulkProgress): void;
  batchSize?: number;
}

/** Ids of the next batch, oldest first, after `skip` ids that were left in place. */
async function nextIds(deps: BulkDeps, request: BulkRequest, skip: number, size: number) {
  const key = stateKey(deps.prefix, request.queue, request.state);
  // Lists grow at the head, so the tail's indexes stay put while new jobs arrive.
  if (STATE_KEYS[request.state].kind === 'list') {
    return (await deps.client.lrange(key, -(skip + size), -(skip + 1))).reverse();
  }
  return deps.client.zrange(key, skip, skip + size - 1);
}

/** Applies the action to one batch; returns how many ids stayed where they were. */
async function applyBatch(deps: BulkDeps, request: BulkRequest, ids: string[]): Promise<number> {
  const { queue, action } = request;
  if (action === 'remove') {
    const outcomes = await removeJobs(deps.client, deps.prefix, queue, ids);
    return outcomes.filter((o) => o === 'locked').length;
  }

  const bull = deps.queues.get(queue);
  const settled = await Promise.allSettled(
    ids.map((id) => (action === 'retry' ? jobById(bull, id).retry() : jobById(bull, id).promote())),
  );
  return settled.filter((s) => s.status === 'rejected').length;
}

/**
 * Starts a bulk action in the background and returns its operation id at once. It works in
 * batches, never touches more than `expected` jobs (the count the person confirmed, even if
 * the state has grown since), and pushes progress after each batch and once more at the end
 * with `finished: true`, or with `error` if Redis failed it half-way.
 */
export function startBulk(deps: BulkDeps, request: BulkRequest): string {
  const operationId = `bulk-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const batchSize = deps.batchSize ?? BULK_BATCH;
  const progress = (done: number, finished: boolean, error: string | null = null) =>
    deps.emit({
      operationId,
      queue: request.queue,
      state: request.state,
      action: request.action,
      done,
      total: request.expected,
      finished,
      error,
    });

  let done = 0;
  async function run(): Promise<void> {
    let skipped = 0;
    while (done < request.expected) {
      const size = Math.min(batchSize, request.expected - done);
      if (request.action === 'clean') {
        const bull = deps.queues.get(request.queue);
        const cleaned = await bull.clean(request.graceMs, CLEAN_TYPE[request.state], size);
        done += cleaned.length;
        if (cleaned.length < size) break;
      } else {
        const ids = await nextIds(deps, request, skipped, size);
        if (ids.length === 0) break;
        skipped += await applyBatch(deps, request, ids);
        done += ids.length;
      }
      progress(done, false);
    }
  }

  deps.log.info('bulk action started', { operationId, ...request });
  run().then(
    () => {
      deps.log.info('bulk action finished', { operationId, done });
      progress(done, true);
    },
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      deps.log.warn('bulk action failed', { operationId, error: message });
      progress(done, true, message);
    },
  );

  return operationId;
}
