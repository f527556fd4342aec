import type Bull from 'bull';
import type { RedisClient } from '../connection/connection.js';
import type { DipperKeys } from '../connection/keys.js';
import { defineScript, runScript } from '../connection/script.js';
import type { LedgerEvent } from '../../shared/ledger.js';
import type { Schedule } from '../../shared/schedule.js';
import { CLAIM_ADD, claimAndAddJobs } from './claim-add.js';
import { decodeLedgerEntry, encodeLedgerEntry } from './ledger-codec.js';

/** Ledger entries kept per schedule; older ones are trimmed on the write that passes it. */
export const LEDGER_MAX_ENTRIES = 2_000;

/** One tick a node wants to produce. */
export interface TickClaim {
  scheduleId: string;
  tickMs: number;
}

// Claims ticks against a per-schedule watermark: a tick is granted only when it is later than
// every tick already granted for that schedule, so a late node, a node that slept, or a second
// owner during a membership change can never produce a tick twice, even after Bull removed the
// first job. A granted tick is written as `<tick>:p:<claimedAtMs>` (pending) until its job is in
// Redis, then as `<tick>`; a node that dies in between leaves a pending watermark for the
// sweeper instead of a lost tick. Keeping this in the one hash field costs no extra key per tick.
// Claims travel packed in one argument ("sid,tick;sid,tick;..."), and the answer is one string
// of 1/0 flags: at thousands of ticks per pass, per-argument encoding dominated the cost.
// KEYS: watermarks. ARGV: nowMs, packed claims. Returns one '1' or '0' per claim, in order.
const CLAIM = defineScript(`
local out = {}
for sid, tick in string.gmatch(ARGV[2], '([^,;]+),(%d+)') do
  local mark = redis.call('HGET', KEYS[1], sid)
  if mark and tonumber(string.match(mark, '^%d+')) >= tonumber(tick) then
    out[#out + 1] = '0'
  else
    redis.call('HSET', KEYS[1], sid, tick .. ':p:' .. ARGV[1])
    out[#out + 1] = '1'
  end
end
return table.concat(out)
`);

// Marks ticks as enqueued and writes their `produced` ledger entries (ledger-codec.ts) in one
// call. A watermark that moved on to a later tick meanwhile is left alone. Ledger keys are built
// here from their prefix; with the profile's hash tag they share the slot of KEYS[1].
// KEYS: watermarks. ARGV: maxLen, ledger key prefix, nodeId, packed "sid,tick,atMs;...".
const FINALIZE = defineScript(`
local n = 0
local max = tonumber(ARGV[1])
local node = cjson.encode(ARGV[3])
for sid, tick, at in string.gmatch(ARGV[4], '([^,;]+),(%d+),(%d+)') do
  local mark = redis.call('HGET', KEYS[1], sid)
  if mark and string.match(mark, '^%d+') == tick then redis.call('HSET', KEYS[1], sid, tick) end
  local lag = string.format('%d', tonumber(at) - tonumber(tick))
  local key = ARGV[2] .. sid
  local entry = '["produced",' .. tick .. ',' .. node .. ',' .. at .. ',"tick.' .. sid .. '.' ..
    tick .. '",' .. lag .. ']'
  if redis.call('LPUSH', key, entry) > max then redis.call('LTRIM', key, 0, max - 1) end
  n = n + 1
end
return n
`);

// Appends encoded ledger entries. LPUSHX: an outcome arriving after its schedule was removed
// (its ledger deleted) is dropped instead of starting a ledger that a re-created schedule of the
// same id would inherit; `produced` entries start a ledger. KEYS: watermarks (only to route the
// call to the profile's slot). ARGV: maxLen, ledger key prefix, and "scheduleId\nentry\n" pairs
// in one argument (neither holds a newline: ids are validated, entries are JSON), which costs the
// client one argument to encode per batch instead of two per outcome.
const APPEND_ENTRIES = defineScript(`
local max = tonumber(ARGV[1])
for sid, entry in string.gmatch(ARGV[3], '([^\\n]*)\\n([^\\n]*)\\n') do
  local key = ARGV[2] .. sid
  if redis.call('LPUSHX', key, entry) > max then redis.call('LTRIM', key, 0, max - 1) end
end
return 0
`);

// Takes a stale pending tick for re-adding: refreshes its claim time if it is still the same
// pending value, so only one sweeping node re-adds it. KEYS: watermarks. ARGV: sid, value, nowMs.
const TAKE_PENDING = defineScript(`
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], string.match(ARGV[2], '^%d+') .. ':p:' .. ARGV[3])
return 1
`);

/** A pending watermark found by the sweeper; `value` is what takePending compares against. */
export interface PendingTick extends TickClaim {
  value: string;
  claimedAtMs: number;
}

export interface ProducedTick extends TickClaim {
  jobId: string;
  nodeId: string;
  atMs: number;
}

export function createTickStore(client: RedisClient, keys: DipperKeys) {
  return {
    /**
     * Loads the scripts a pass runs into Redis' script cache. Without it, every chunk of the
     * first big pass is refused (NOSCRIPT) and sent again in full: about 200 ms more for a burst
     * of 10,000 ticks. After a Redis restart the fallback in runScript still covers it.
     */
    async loadScripts(): Promise<void> {
      for (const script of [CLAIM_ADD, CLAIM, FINALIZE, APPEND_ENTRIES]) {
        await client.script('LOAD', script.lua);
      }
    },

    /** Claims ticks; returns the ones this node won, in input order. */
    async claim(claims: TickClaim[], nowMs: number): Promise<TickClaim[]> {
      if (claims.length === 0) return [];

      const granted = await this.claimFlags(claims, nowMs);

      return claims.filter((_, i) => granted[i]);
    },

    /** Claims ticks; one flag per claim, true where this node won it. */
    async claimFlags(claims: TickClaim[], nowMs: number): Promise<boolean[]> {
      if (claims.length === 0) return [];

      const packed = claims.map((c) => `${c.scheduleId},${c.tickMs}`).join(';');
      const granted = String(await runScript(client, CLAIM, [keys.watermarks], [nowMs, packed]));

      return claims.map((_, i) => granted[i] === '1');
    },

    /**
     * Claims ticks of one queue's FIFO schedules and, in the same script, adds the jobs of the
     * granted ones and records them as produced; returns the granted ticks.
     */
    async claimAndAdd(
      queue: Bull.Queue,
      ticks: { schedule: Schedule; tickMs: number }[],
      nodeId: string,
    ): Promise<ProducedTick[]> {
      return claimAndAddJobs(client, keys, LEDGER_MAX_ENTRIES, queue, ticks, nodeId);
    },

    /** Records ticks whose jobs are in Redis: ledger `produced` and out of the pending set. */
    async markProduced(ticks: ProducedTick[]): Promise<void> {
      if (ticks.length === 0) return;

      // One call per producing node: every tick of a pass shares the node id.
      const byNode = new Map<string, string[]>();
      for (const t of ticks) {
        const list = byNode.get(t.nodeId) ?? [];
        list.push(`${t.scheduleId},${t.tickMs},${t.atMs}`);
        byNode.set(t.nodeId, list);
      }
      for (const [nodeId, entries] of byNode) {
        const args = [LEDGER_MAX_ENTRIES, keys.ledger(''), nodeId, entries.join(';')];
        await runScript(client, FINALIZE, [keys.watermarks], args);
      }
    },

    /** Appends one event to a schedule's ledger, starting the ledger if needed. */
    async append(scheduleId: string, event: LedgerEvent): Promise<void> {
      const key = keys.ledger(scheduleId);
      const length = await client.lpush(key, encodeLedgerEntry(event));
      if (length > LEDGER_MAX_ENTRIES) await client.ltrim(key, 0, LEDGER_MAX_ENTRIES - 1);
    },

    /** Appends job outcomes to their schedules' ledgers (dropped for removed schedules). */
    async appendMany(events: { scheduleId: string; event: LedgerEvent }[]): Promise<void> {
      if (events.length === 0) return;

      // One script call per batch: per-command encoding was most of a busy consumer's cost.
      let packed = '';
      for (const { scheduleId, event } of events) {
        packed += `${scheduleId}\n${encodeLedgerEntry(event)}\n`;
      }
      const args = [LEDGER_MAX_ENTRIES, keys.ledger(''), packed];
      await runScript(client, APPEND_ENTRIES, [keys.watermarks], args);
    },

    /**
     * Ticks claimed more than `olderThanMs` ago whose job may never have reached Redis. Walks
     * the watermark hash with HSCAN: one field per schedule, a few ms per 10,000 schedules.
     * TODO: index pending ticks by claim time instead of scanning; matters past ~100k schedules.
     */
    async stalePending(nowMs: number, olderThanMs: number, limit = 100): Promise<PendingTick[]> {
      const found: PendingTick[] = [];
      let cursor = '0';
      do {
        // MATCH filters field names, not values, so pending values are picked out here.
        const [next, flat] = await client.hscan(keys.watermarks, cursor, 'COUNT', 1000);
        cursor = next;
        for (let i = 0; i + 1 < flat.length; i += 2) {
          const scheduleId = flat[i] ?? '';
          const value = flat[i + 1] ?? '';
          const [tick, state, claimedAt] = value.split(':');
          const claimedAtMs = Number(claimedAt);
          if (state === 'p' && claimedAtMs <= nowMs - olderThanMs) {
            found.push({ scheduleId, tickMs: Number(tick), value, claimedAtMs });
          }
        }
      } while (cursor !== '0' && found.length < limit);

      return found.slice(0, limit);
    },

    /** Takes a stale pending tick for re-adding; only one sweeping node gets it. */
    async takePending(pending: PendingTick, nowMs: number): Promise<boolean> {
      const args = [pending.scheduleId, pending.value, nowMs];
      return (await runScript(client, TAKE_PENDING, [keys.watermarks], args)) === 1;
    },

    /** The newest `count` ledger events of a schedule, newest first. */
    async readLedger(scheduleId: string, count: number): Promise<LedgerEvent[]> {
      return (await this.readLedgers([scheduleId], count)).get(scheduleId) ?? [];
    },

    /**
     * The newest `count` ledger events of each schedule, newest first, in one round trip. A
     * schedule with a ledger from before the list layout gets its older stream entries after
     * the list's.
     */
    async readLedgers(scheduleIds: string[], count: number): Promise<Map<string, LedgerEvent[]>> {
      if (scheduleIds.length === 0 || count <= 0) return new Map();

      const pipeline = client.pipeline();
      for (const id of scheduleIds) {
        pipeline.lrange(keys.ledger(id), 0, count - 1);
        pipeline.xrevrange(keys.legacyLedger(id), '+', '-', 'COUNT', count);
      }
      const replies = (await pipeline.exec()) ?? [];

      return new Map(
        scheduleIds.map((id, i) => {
          const [listError, entries] = replies[2 * i] ?? [null, []];
          const [streamError, rows] = replies[2 * i + 1] ?? [null, []];
          if (listError) throw listError;
          if (streamError) throw streamError;
          const events = (entries as string[]).flatMap((raw) => decodeLedgerEntry(raw) ?? []);
          for (const [, fields] of rows as [string, string[]][]) {
            if (events.length >= count) break;
            events.push(parseLegacyFields(fields));
          }
          return [id, events];
        }),
      );
    },

    /** Drops the watermark and ledger of a removed schedule. */
    async forget(scheduleId: string): Promise<void> {
      await client.hdel(keys.watermarks, scheduleId);
      await client.del(keys.ledger(scheduleId), keys.legacyLedger(scheduleId));
    },
  };
}

export type TickStore = ReturnType<typeof createTickStore>;

/** One entry of a stream ledger written by earlier versions. */
function parseLegacyFields(fields: string[]): LedgerEvent {
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) map.set(fields[i] ?? '', fields[i + 1] ?? '');
  const num = (k: string) => (map.has(k) ? Number(map.get(k)) : undefined);
  const event: LedgerEvent = {
    tickMs: num('t') ?? 0,
    event: (map.get('e') ?? 'produced') as LedgerEvent['event'],
    nodeId: map.get('n') ?? '',
    atMs: num('at') ?? 0,
  };
  if (map.has('j')) event.jobId = map.get('j');
  if (map.has('l')) event.lagMs = num('l');
  if (map.has('a')) event.attempt = num('a');
  if (map.has('err')) event.error = map.get('err');
  if (map.has('c')) event.count = num('c');

  return event;
}
