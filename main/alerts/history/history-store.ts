import type { RedisClient } from '../../connection/connection.js';
import { defineScript, runScript } from '../../connection/script.js';
import type { AlertTransition } from '../../../shared/alerting/alert.js';
import {
  HistoryQuerySchema,
  type HistoryEntry,
  type HistoryPage,
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

// Appends entries with their event time as the stream id, so queries by time are range reads.
// A stream id must grow: an entry older than the newest (a late node, a tick evaluated late) is
// stored at the newest time and keeps its own in an `at` field. Both trims run on every append:
// MAXLEN bounds the count, MINID the age (relative to the newest entry, not the wall clock).
// KEYS: stream. ARGV: maxEntries, retentionMs, then per entry: atMs, field count, fields...
const APPEND = defineScript(`
local top = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
local lastText = top[1] and string.match(top[1][1], '^(%d+)') or '0'
local last = tonumber(lastText)
local ids = {}
local i = 3
while i <= #ARGV do
  local at, count = ARGV[i], tonumber(ARGV[i + 1])
  local fields = {}
  for j = i + 2, i + 1 + count do fields[#fields + 1] = ARGV[j] end
  i = i + 2 + count
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
  lastText = string.match(id, '^(%d+)')
  last = tonumber(lastText)
end
local cutoff = last - tonumber(ARGV[2])
if cutoff > 0 then redis.call('XTRIM', KEYS[1], 'MINID', '~', string.format('%d', cutoff)) end
return ids
`);

/** The history record of a transition; rendered templates stay out (they are per Rule). */
export function transitionRecord(t: AlertTransition): TransitionRecord {
  const { ruleId, labels, from, to, atMs, value, threshold, severity } = t;
  return { kind: 'transition', atMs, ruleId, labels, from, to, value, threshold, severity };
}

type Filter = (record: HistoryRecord) => boolean;

/**
 * The alert history: one capped stream per profile holding transitions, notification attempts,
 * silence changes and acknowledgements, read newest first by time range.
 */
export function createHistoryStore(
  client: RedisClient,
  prefix: string,
  options: HistoryOptions = {},
) {
  const { maxEntries, retentionMs, pageSize, maxScan } = { ...DEFAULTS, ...options };
  const key = historyKey(prefix);

  return {
    /** Appends records in order; returns their stream ids. */
    async append(records: readonly HistoryRecord[]): Promise<string[]> {
      if (records.length === 0) return [];

      const args: (string | number)[] = [maxEntries, retentionMs];
      for (const record of records) {
        const fields = encodeRecord(record);
        args.push(Math.max(0, Math.floor(record.atMs)), fields.length, ...fields);
      }

      return (await runScript(client, APPEND, [key], args)) as string[];
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
