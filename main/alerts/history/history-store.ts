import type { RedisClient } from '../../connection/connection.js';
import { defineScript, runScript } from '../../connection/script.js';
import type { AlertTransition } from '../../../shared/alerting/alert.js';
import {
  HistoryQuerySchema,
  type HistoryEntry,
  type HistoryPage,
  type HistoryQuery,
  type HistoryRecord,
  type TransitionRecord,
} from '../../../shared/alerting/history.js';
import { compileMatchers } from '../../../shared/alerting/matchers.js';
import { ok, type Result } from '../../../shared/result.js';
import { parseWith } from '../../../shared/validation.js';
import { decodeRecord, encodeRecord } from './history-codec.js';

export interface HistoryOptions {
  /** Entries kept at most (approximate: streams trim whole nodes). */
  maxEntries?: number;
  /** Entries older than this, relative to the newest, are trimmed (approximately), in ms. */
  retentionMs?: number;
  /** Entries read per XREVRANGE call. */
  pageSize?: number;
  /** Entries one query reads at most before it returns a page with a `next` cursor. */
  maxScan?: number;
}

const DEFAULTS: Required<HistoryOptions> = {
  maxEntries: 200_000,
  retentionMs: 30 * 86_400_000,
  pageSize: 500,
  maxScan: 50_000,
};

/** The alert history stream of a profile. */
export function historyKey(prefix: string): string {
  return `${prefix}:dipper:alerts:history`;
}

/** The index of one Rule's entries: their stream ids, oldest first. */
export function historyRuleIndexKey(prefix: string, ruleId: string): string {
  return `${prefix}:dipper:alerts:history:rule:${ruleId}`;
}

/** The stream id of the first entry appended with a Rule index; older ones have none. */
export function historyIndexedFromKey(prefix: string): string {
  return `${prefix}:dipper:alerts:history:indexed-from`;
}

// Appends entries with their event time as the stream id, so queries by time are range reads.
// A stream id must grow: an entry older than the newest (a late node, a tick evaluated late) is
// stored at the newest time and keeps its own in an `at` field. Both trims run on every append:
// MAXLEN bounds the count, MINID the age (relative to the newest entry, not the wall clock).
// An entry of a Rule also goes to that Rule's index list (its stream id, about 18 bytes), which
// is trimmed with the same bounds and expires when the Rule writes nothing for the retention.
// KEYS: stream, indexed-from marker, then the index lists.
// ARGV: maxEntries, retentionMs, then per entry: atMs, index key number (0: none), field
// count, fields...
const APPEND = defineScript(`
local top = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
local lastText = top[1] and string.match(top[1][1], '^(%d+)') or '0'
local last = tonumber(lastText)
local ids = {}
local touched = {}
local i = 3
while i <= #ARGV do
  local at, index, count = ARGV[i], tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2])
  local fields = {}
  for j = i + 3, i + 2 + count do fields[#fields + 1] = ARGV[j] end
  i = i + 3 + count
  local ms = at
  if tonumber(at) < last then
    ms = lastText
    fields[#fields + 1] = 'at'
    fields[#fields + 1] = at
  end
  local id = redis.pcall('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], ms .. '-*', unpack(fields))
  if type(id) == 'table' and id.err then
    if ms == at then
      fields[#fields + 1] = 'at'
      fields[#fields + 1] = at
    end
    id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', unpack(fields))
  end
  ids[#ids + 1] = id
  if index > 0 then
    redis.call('RPUSH', KEYS[2 + index], id)
    touched[index] = true
  end
  lastText = string.match(id, '^(%d+)')
  last = tonumber(lastText)
end
redis.call('SET', KEYS[2], ids[1], 'NX')
local cutoff = last - tonumber(ARGV[2])
if cutoff > 0 then redis.call('XTRIM', KEYS[1], 'MINID', '~', string.format('%d', cutoff)) end
for index in pairs(touched) do
  local list = KEYS[2 + index]
  redis.call('LTRIM', list, -tonumber(ARGV[1]), -1)
  while true do
    local oldest = redis.call('LINDEX', list, 0)
    if not oldest or tonumber(string.match(oldest, '^(%d+)')) >= cutoff then break end
    redis.call('LPOP', list)
  end
  redis.call('PEXPIRE', list, ARGV[2])
end
return ids
`);

/** A stream id as [ms, sequence], for ordering. */
function idParts(id: string): [number, number] {
  const [ms, seq] = id.split('-');
  return [Number(ms), Number(seq ?? 0)];
}

/** Whether stream id `a` comes before `b`. */
function isBefore(a: string, b: string): boolean {
  const [aMs, aSeq] = idParts(a);
  const [bMs, bSeq] = idParts(b);
  return aMs < bMs || (aMs === bMs && aSeq < bSeq);
}

/** The history record of a transition; rendered templates stay out (they are per Rule). */
export function transitionRecord(t: AlertTransition): TransitionRecord {
  const { ruleId, labels, from, to, atMs, value, threshold, severity } = t;
  return { kind: 'transition', atMs, ruleId, labels, from, to, value, threshold, severity };
}

type Filter = (record: HistoryRecord) => boolean;

/**
 * The alert history: one capped stream per profile holding transitions, notification attempts,
 * silence changes and acknowledgements, read newest first by time range; plus a list of stream
 * ids per Rule, so one Rule's history is read without scanning everyone else's.
 */
export function createHistoryStore(
  client: RedisClient,
  prefix: string,
  options: HistoryOptions = {},
) {
  const { maxEntries, retentionMs, pageSize, maxScan } = { ...DEFAULTS, ...options };
  const key = historyKey(prefix);

  /**
   * One Rule's entries through its index: read its stream ids newest first, keep those in the
   * range, then read just those entries. Null when the index cannot answer alone: the range
   * reaches back before the first indexed entry (history written by an older version).
   */
  async function queryByRule(q: HistoryQuery, ruleId: string): Promise<HistoryPage | null> {
    const indexedFrom = await client.get(historyIndexedFromKey(prefix));
    if (indexedFrom === null || q.fromMs < idParts(indexedFrom)[0]) return null;

    const accepts = filterFor(q);
    const indexKey = historyRuleIndexKey(prefix, ruleId);
    const entries: HistoryEntry[] = [];
    let scanned = 0;
    let offset = 0;

    for (;;) {
      const ids = await client.lrange(indexKey, -(offset + pageSize), -(offset + 1));
      offset += pageSize;
      const wanted = ids.reverse().filter((id) => {
        const [ms] = idParts(id);
        return ms <= q.toMs && (q.before === undefined || isBefore(id, q.before));
      });
      const inRange = wanted.filter((id) => idParts(id)[0] >= q.fromMs);
      const isRangeDone = inRange.length < wanted.length || ids.length < pageSize;

      const pipeline = client.pipeline();
      for (const id of inRange) pipeline.xrange(key, id, id);
      const replies = (await pipeline.exec()) ?? [];
      for (const [index, [, reply]] of replies.entries()) {
        const found = (reply as [string, string[]][] | null)?.[0];
        if (!found) continue; // trimmed from the stream before its index entry

        scanned += 1;
        const record = decodeRecord(found[0], found[1]);
        if (record && accepts(record)) entries.push({ ...record, id: found[0] });
        if (entries.length === q.limit) return { entries, next: inRange[index]!, scanned };
      }

      if (isRangeDone) return { entries, next: null, scanned };
    }
  }

  return {
    /** Appends records in order; returns their stream ids. */
    async append(records: readonly HistoryRecord[]): Promise<string[]> {
      if (records.length === 0) return [];

      const indexKeys: string[] = [];
      const indexOf = new Map<string, number>();
      const args: (string | number)[] = [maxEntries, retentionMs];
      for (const record of records) {
        const ruleId = 'ruleId' in record ? record.ruleId : undefined;
        let index = 0;
        if (ruleId) {
          index = indexOf.get(ruleId) ?? indexKeys.push(historyRuleIndexKey(prefix, ruleId));
          indexOf.set(ruleId, index);
        }
        const fields = encodeRecord(record);
        args.push(Math.max(0, Math.floor(record.atMs)), index, fields.length, ...fields);
      }

      const keys = [key, historyIndexedFromKey(prefix), ...indexKeys];
      return (await runScript(client, APPEND, keys, args)) as string[];
    },

    /**
     * Entries in [fromMs, toMs] that pass every filter, newest first, up to `limit`. Reads the
     * stream backwards in pages of `pageSize` and stops at `limit` or after `maxScan` entries;
     * `next` then continues where it stopped.
     */
    async query(input: unknown): Promise<Result<HistoryPage>> {
      const parsed = parseWith(HistoryQuerySchema, input, 'history query');
      if (!parsed.ok) return parsed;

      const q = parsed.value;
      if (q.ruleId !== undefined) {
        const page = await queryByRule(q, q.ruleId);
        if (page) return ok(page);
      }

      const accepts = filterFor(q);
      const entries: HistoryEntry[] = [];
      let end = q.before === undefined ? String(q.toMs) : `(${q.before}`;
      let scanned = 0;

      for (;;) {
        const page = await client.xrevrange(key, end, String(q.fromMs), 'COUNT', pageSize);
        for (const [id, fields] of page) {
          scanned += 1;
          const record = decodeRecord(id, fields);
          if (record && accepts(record)) entries.push({ ...record, id });
          if (entries.length === q.limit) return ok({ entries, next: id, scanned });
        }

        const lastId = page.at(-1)?.[0];
        if (lastId === undefined || page.length < pageSize) {
          return ok({ entries, next: null, scanned });
        }
        if (scanned >= maxScan) return ok({ entries, next: lastId, scanned });
        end = `(${lastId}`;
      }
    },
  };
}

export type HistoryStore = ReturnType<typeof createHistoryStore>;

function filterFor(q: {
  ruleId?: string | undefined;
  severity?: string | undefined;
  state?: string | undefined;
  kinds?: string[] | undefined;
  labels?: Parameters<typeof compileMatchers>[0] | undefined;
}): Filter {
  const matchesLabels = q.labels ? compileMatchers(q.labels) : null;

  return (record) => {
    if (q.kinds && !q.kinds.includes(record.kind)) return false;
    if (q.ruleId !== undefined && !('ruleId' in record && record.ruleId === q.ruleId)) return false;
    if (q.severity !== undefined && !('severity' in record && record.severity === q.severity)) {
      return false;
    }
    if (q.state !== undefined && !(record.kind === 'transition' && record.to === q.state)) {
      return false;
    }

    return !matchesLabels || ('labels' in record && matchesLabels(record.labels));
  };
}
