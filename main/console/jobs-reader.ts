import type { RedisClient } from '../connection/connection.js';
import { defineScript, runScript } from '../connection/script.js';
import type { JobDetail, JobPage, JobRow, JobState } from '../../shared/api/dto.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { STATE_KEYS, stateKey } from './queue-summary.js';

/** Longest text a list row carries (data preview, failure reason, raw fields), characters. */
export const PREVIEW_CHARS = 200;
/** Newest log lines a job's detail carries. */
export const DETAIL_LOG_LINES = 1_000;

const cut = (text: string, max = PREVIEW_CHARS) => (text.length > max ? text.slice(0, max) : text);

const whole = (text: string | undefined): number | null => {
  if (text === undefined || text === '') return null;
  const value = Number.parseInt(text, 10);
  return Number.isFinite(value) ? value : null;
};

function parseObject(text: string | undefined): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text ?? '{}');
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** Whether Bull could build a Job from the hash: `opts` an object, `data` JSON unless raw. */
function isParsable(hash: Record<string, string>): boolean {
  if (Object.keys(hash).length === 0) return false;
  const opts = parseObject(hash.opts);
  if (!opts) return false;
  if (opts.preventParsingData === true) return true;
  try {
    JSON.parse(hash.data ?? '{}');
    return true;
  } catch {
    return false;
  }
}

function parseProgress(text: string | undefined): number | string | null {
  if (text === undefined) return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'number' || typeof value === 'string' ? value : text;
  } catch {
    return text;
  }
}

/** A list row from a job hash, whatever it holds; an empty hash is a job with no hash. */
export function toJobRow(id: string, hash: Record<string, string>): JobRow {
  const readable = isParsable(hash);
  const row: JobRow = {
    id,
    name: hash.name ?? '',
    readable,
    timestampMs: whole(hash.timestamp),
    processedOnMs: whole(hash.processedOn),
    finishedOnMs: whole(hash.finishedOn),
    attemptsMade: whole(hash.attemptsMade) ?? 0,
    dataPreview: cut(hash.data ?? ''),
    failedReason: hash.failedReason ? cut(hash.failedReason) : null,
    progress: parseProgress(hash.progress),
    delayMs: whole(hash.delay) ?? 0,
  };
  if (!readable) {
    row.raw = Object.fromEntries(Object.entries(hash).map(([k, v]) => [k, cut(v)]));
  }
  return row;
}

/**
 * One page of a state, newest first: one range read plus the state's length, then one
 * pipelined HGETALL per id. Nothing else of the state is loaded. ZREVRANGE is O(log n + page);
 * LRANGE walks a list's packed nodes from its nearer end, which stays small next to the
 * HGETALLs until lists of tens of millions.
 */
export async function readJobPage(
  client: RedisClient,
  prefix: string,
  queue: string,
  state: JobState,
  page: number,
  pageSize: number,
): Promise<JobPage> {
  const key = stateKey(prefix, queue, state);
  const start = page * pageSize;
  const end = start + pageSize - 1;

  const ranged = client.pipeline();
  if (STATE_KEYS[state].kind === 'list') ranged.lrange(key, start, end).llen(key);
  else ranged.zrevrange(key, start, end).zcard(key);
  const [rangeReply, countReply] = (await ranged.exec()) ?? [];
  if (rangeReply?.[0]) throw rangeReply[0];
  if (countReply?.[0]) throw countReply[0];
  const ids = (rangeReply?.[1] as string[] | undefined) ?? [];
  const total = Number(countReply?.[1] ?? 0);

  const hashes = await readHashes(client, prefix, queue, ids);
  const jobs = ids.map((id, i) => toJobRow(id, hashes[i] ?? {}));

  return { queue, state, page, pageSize, total, jobs };
}

async function readHashes(
  client: RedisClient,
  prefix: string,
  queue: string,
  ids: string[],
): Promise<Record<string, string>[]> {
  if (ids.length === 0) return [];
  const pipeline = client.pipeline();
  for (const id of ids) pipeline.hgetall(`${prefix}:${queue}:${id}`);
  const replies = (await pipeline.exec()) ?? [];

  // A reply that is an error (a key of another type) reads as a job with no hash.
  return replies.map(([error, hash]) => (error ? {} : (hash as Record<string, string>)));
}

/** Which state key holds the job; 'unknown' when none does. */
export async function findJobState(
  client: RedisClient,
  prefix: string,
  queue: string,
  id: string,
): Promise<JobState | 'unknown'> {
  const order: JobState[] = ['completed', 'failed', 'delayed', 'active', 'waiting', 'paused'];
  const pipeline = client.pipeline();
  for (const state of order) {
    const key = stateKey(prefix, queue, state);
    if (STATE_KEYS[state].kind === 'zset') pipeline.zscore(key, id);
    else pipeline.lpos(key, id);
  }
  const replies = (await pipeline.exec()) ?? [];
  const at = replies.findIndex(([error, reply]) => !error && reply !== null);

  return order[at] ?? 'unknown';
}

function timelineOf(row: JobRow, state: JobState | 'unknown', retriedOnMs: number | null) {
  const moments: { atMs: number; event: string }[] = [];
  if (row.timestampMs !== null) {
    moments.push({ atMs: row.timestampMs, event: 'created' });
    if (row.delayMs > 0)
      moments.push({ atMs: row.timestampMs + row.delayMs, event: 'delayed until' });
  }
  if (retriedOnMs !== null) moments.push({ atMs: retriedOnMs, event: 'retried' });
  if (row.processedOnMs !== null) moments.push({ atMs: row.processedOnMs, event: 'processed' });
  if (row.finishedOnMs !== null) {
    const event =
      state === 'failed' || (state !== 'completed' && row.failedReason) ? 'failed' : 'finished';
    moments.push({ atMs: row.finishedOnMs, event });
  }
  return moments.sort((a, b) => a.atMs - b.atMs);
}

const notFound = (queue: string, id: string) =>
  fail('NOT_FOUND', `job "${id}" not found in queue "${queue}"`);

/** Everything about one job but its data; an unparsable job comes back with `readable: false`. */
export async function readJobDetail(
  client: RedisClient,
  prefix: string,
  queue: string,
  id: string,
): Promise<Result<JobDetail>> {
  const base = `${prefix}:${queue}:${id}`;
  const [hashReply, logsReply] =
    (await client.pipeline().hgetall(base).lrange(`${base}:logs`, -DETAIL_LOG_LINES, -1).exec()) ??
    [];
  const hash = hashReply?.[0] ? {} : ((hashReply?.[1] as Record<string, string>) ?? {});
  const state = await findJobState(client, prefix, queue, id);
  if (Object.keys(hash).length === 0 && state === 'unknown') return notFound(queue, id);

  const row = toJobRow(id, hash);
  const stack = parseArray(hash.stacktrace);
  return ok({
    ...row,
    state,
    dataBytes: Buffer.byteLength(hash.data ?? ''),
    opts: parseObject(hash.opts) ?? {},
    stacktrace: stack.filter((line): line is string => typeof line === 'string'),
    returnValue: hash.returnvalue ?? null,
    logs: logsReply?.[0] ? [] : ((logsReply?.[1] as string[]) ?? []),
    timeline: timelineOf(row, state, whole(hash.retriedOn)),
  });
}

function parseArray(text: string | undefined): unknown[] {
  try {
    const value: unknown = JSON.parse(text ?? '[]');
    return Array.isArray(value) ? value : [];
  } catch {
    return [];
  }
}

/** The job's data as pretty JSON text; as stored when it is not JSON. */
export async function readJobData(
  client: RedisClient,
  prefix: string,
  queue: string,
  id: string,
): Promise<Result<string>> {
  const [exists, data] = await client
    .pipeline()
    .exists(`${prefix}:${queue}:${id}`)
    .hget(`${prefix}:${queue}:${id}`, 'data')
    .exec()
    .then((replies) => (replies ?? []).map(([, reply]) => reply));
  if (exists !== 1) return notFound(queue, id);
  if (typeof data !== 'string') return ok('');

  try {
    return ok(JSON.stringify(JSON.parse(data), null, 2));
  } catch {
    return ok(data);
  }
}

// Removes jobs whatever their hashes hold: the hash, its logs and the id in every state key.
// A job whose lock is held (a worker runs it) is left alone. The job keys are built from
// ARGV[1]: Bull's own scripts do the same, and the prefix's hash tag keeps them in one slot.
// KEYS: wait, active, paused, delayed, completed, failed, priority, stalled.
// ARGV: `<prefix>:<queue>:`, then job ids. Returns per id: 1 removed, 0 absent, -1 locked.
const REMOVE_JOBS = defineScript(`
local results = {}
for i = 2, #ARGV do
  local id = ARGV[i]
  local jobKey = ARGV[1] .. id
  if redis.call('EXISTS', jobKey .. ':lock') == 1 then
    results[#results + 1] = -1
  else
    local found = redis.call('DEL', jobKey, jobKey .. ':logs')
    for k = 1, 3 do found = found + redis.call('LREM', KEYS[k], 0, id) end
    for k = 4, 7 do found = found + redis.call('ZREM', KEYS[k], id) end
    found = found + redis.call('SREM', KEYS[8], id)
    results[#results + 1] = found > 0 and 1 or 0
  end
end
return results
`);

/** Outcome per id of removeJobs. */
export type RemoveOutcome = 'removed' | 'absent' | 'locked';

/** Removes jobs in one atomic script, readable or not; see REMOVE_JOBS. */
export async function removeJobs(
  client: RedisClient,
  prefix: string,
  queue: string,
  ids: string[],
): Promise<RemoveOutcome[]> {
  if (ids.length === 0) return [];
  const keys = [
    ...(['waiting', 'active', 'paused', 'delayed', 'completed', 'failed'] as const).map((s) =>
      stateKey(prefix, queue, s),
    ),
    `${prefix}:${queue}:priority`,
    `${prefix}:${queue}:stalled`,
  ];
  const replies = (await runScript(client, REMOVE_JOBS, keys, [`${prefix}:${queue}:`, ...ids])) as
    number[] | null;

  return (replies ?? []).map((code) =>
    code === 1 ? 'removed' : code === -1 ? 'locked' : 'absent',
  );
}
