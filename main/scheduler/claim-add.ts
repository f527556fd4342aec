import type Bull from 'bull';
import type { RedisClient } from '../connection/connection.js';
import type { DipperKeys } from '../connection/keys.js';
import { defineScript, runScript } from '../connection/script.js';
import type { Schedule } from '../../shared/schedule.js';
import { tickJobId } from './tick-id.js';

/** A granted tick whose job and `produced` entry are in Redis; `atMs` is Redis' time then. */
export interface AddedTick {
  scheduleId: string;
  tickMs: number;
  jobId: string;
  nodeId: string;
  atMs: number;
}

// Claims ticks and writes their Bull jobs and `produced` ledger entries (ledger-codec.ts) in one
// script per batch.
// The claim follows the watermark rule of tick-store's CLAIM (granted only when later than every
// tick already granted), and because the job is written in the same script there is no window
// in which a tick is claimed but its job is not in Redis: no pending state, nothing to sweep.
//
// The job is written the way Bull 4's own addJob script writes a job without delay or priority
// (checked against Bull's add in claim-add.test.ts): a hash with name, data, opts, timestamp,
// delay and priority; its id pushed on the left of `wait`, or of `paused` while the queue is
// globally paused (meta-paused exists); a `waiting@<token>` message for global listeners. An
// id whose hash exists is left alone, as Bull does. Bull's per-job INCR of the id counter is
// skipped: the counter only numbers generated ids and orders delayed jobs, and tick ids are
// never generated. One script call per batch instead of one Bull script per job is what takes a
// burst of ticks below Bull's own add-all time.
// Job and ledger keys are built here from their prefixes; with the profile's hash tag they share
// the slot of KEYS[1].
// KEYS: watermarks, wait, paused, meta-paused.
// ARGV: job key prefix, ledger key prefix, nodeId, ledger maxLen, timestamp (ms), and the ticks
// packed in one argument, five newline-terminated fields each: scheduleId, tickMs, job name,
// data JSON, opts JSON. None of them can hold a newline (ids and names are validated, and
// JSON.stringify escapes newlines), and one argument instead of five per tick halved the
// producer's CPU for a burst.
// Returns { atMs (Redis time of the writes), one '1' or '0' per tick }.
export const CLAIM_ADD = defineScript(`
local t = redis.call('TIME')
local at = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local atText = string.format('%d', at)
local target = KEYS[2]
if redis.call('EXISTS', KEYS[4]) == 1 then target = KEYS[3] end
local waiting = KEYS[2] .. 'ing@dipper'
local max = tonumber(ARGV[4])
local entryHead = ',' .. cjson.encode(ARGV[3]) .. ',' .. atText .. ',"'
local out = {}
for sid, tick, name, data, opts in string.gmatch(ARGV[6],
    '([^\\n]*)\\n([^\\n]*)\\n([^\\n]*)\\n([^\\n]*)\\n([^\\n]*)\\n') do
  local mark = redis.call('HGET', KEYS[1], sid)
  if mark and tonumber(string.match(mark, '^%d+')) >= tonumber(tick) then
    out[#out + 1] = '0'
  else
    redis.call('HSET', KEYS[1], sid, tick)
    local id = 'tick.' .. sid .. '.' .. tick
    local key = ARGV[1] .. id
    if redis.call('EXISTS', key) == 0 then
      redis.call('HSET', key, 'name', name, 'data', data, 'opts', opts, 'timestamp', ARGV[5],
        'delay', '0', 'priority', '0')
      redis.call('LPUSH', target, id)
      redis.call('PUBLISH', waiting, id)
    end
    local ledger = ARGV[2] .. sid
    local entry = '["produced",' .. tick .. entryHead .. id .. '",' ..
      string.format('%d', at - tonumber(tick)) .. ']'
    if redis.call('LPUSH', ledger, entry) > max then redis.call('LTRIM', ledger, 0, max - 1) end
    out[#out + 1] = '1'
  end
end
return { at, table.concat(out) }
`);

/** True when a schedule's jobs can be written by the claim-add script (Bull's plain FIFO add). */
export function isDirectAdd(schedule: Schedule): boolean {
  return schedule.options.priority === undefined;
}

/**
 * The opts JSON Bull stores for a job: jobOptionsFor's options (without priority: those take
 * Bull's own add) with Bull's defaults applied, in the same key order. Written out by hand: in a
 * burst, JSON.stringify of a fresh object per tick was a third of the producer's CPU.
 */
export function bullOptsJson(schedule: Schedule, tickMs: number, timestampMs: number): string {
  const o = schedule.options;
  let json = `{"jobId":"${tickJobId(schedule.id, tickMs)}","attempts":${o.attempts}`;
  json += `,"removeOnComplete":${o.keepCompleted},"removeOnFail":${o.keepFailed}`;
  if (o.backoff) json += `,"backoff":{"type":"${o.backoff.type}","delay":${o.backoff.delayMs}}`;
  if (o.timeoutMs) json += `,"timeout":${o.timeoutMs}`;

  return `${json},"delay":0,"timestamp":${timestampMs}}`;
}

/**
 * Claims `ticks` (all of one queue) and writes the jobs of the granted ones and their ledger
 * entries in one script call. Returns the granted ticks as produced.
 */
export async function claimAndAddJobs(
  client: RedisClient,
  keys: DipperKeys,
  ledgerMaxLen: number,
  queue: Bull.Queue,
  ticks: { schedule: Schedule; tickMs: number }[],
  nodeId: string,
): Promise<AddedTick[]> {
  if (ticks.length === 0) return [];

  const timestampMs = Date.now();
  let packed = '';
  for (const { schedule, tickMs } of ticks) {
    // Bull stores `data || {}`: a falsy payload reads back as an empty object there too.
    const data = JSON.stringify(schedule.data || {});
    const opts = bullOptsJson(schedule, tickMs, timestampMs);
    packed += `${schedule.id}\n${tickMs}\n${schedule.job}\n${data}\n${opts}\n`;
  }
  const args = [queue.toKey(''), keys.ledger(''), nodeId, ledgerMaxLen, timestampMs, packed];
  const jobKeys = [queue.toKey('wait'), queue.toKey('paused'), queue.toKey('meta-paused')];
  const reply = await runScript(client, CLAIM_ADD, [keys.watermarks, ...jobKeys], args);

  const [atMs, flags] = reply as [number, string];
  return ticks.flatMap(({ schedule, tickMs }, i) =>
    flags[i] === '1'
      ? [{ scheduleId: schedule.id, tickMs, jobId: tickJobId(schedule.id, tickMs), nodeId, atMs }]
      : [],
  );
}
