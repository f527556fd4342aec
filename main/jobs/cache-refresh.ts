import { defineScript, runScript } from '../connection/script.js';
import type { Processor } from '../queues/processor.js';
import { CacheRefreshDataSchema, MAX_CACHED_BYTES, type CachedSeries } from '../../shared/jobs.js';
import { loadSource, parseJobData, tickOf } from './job-support.js';
import type { PlatformDeps } from './platform-deps.js';

/** `<prefix>:dipper:cache:<key>`, a string holding CachedSeries JSON. */
export function cacheKey(prefix: string, key: string): string {
  return `${prefix}:dipper:cache:${key}`;
}

/** What a `cache.refresh` Job returns. */
export interface CacheRefreshResult {
  key: string;
  atMs: number;
  series: number;
  bytes: number;
  /** False when a newer tick's answer was already stored: a late re-run never replaces it. */
  isWritten: boolean;
}

// Sets the entry unless it holds a later tick's answer. The JSON starts with `{"atMs":N`
// (written below in that order), so the stored tick is read without decoding the whole entry.
// KEYS: entry. ARGV: json, atMs, ttlMs.
const WRITE = defineScript(`
local current = redis.call('GET', KEYS[1])
local storedAt = current and tonumber(string.match(current, '^{"atMs":(%d+)'))
if storedAt and storedAt > tonumber(ARGV[2]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
return 1
`);

/**
 * `cache.refresh`: runs an instant query of a configured source at the tick and stores the
 * answer with a TTL, so consoles and dashboards read it from Redis instead of each querying the
 * source. Re-running a tick overwrites its entry (same content, fresh TTL).
 */
export function createCacheRefreshProcessor(deps: PlatformDeps): Processor {
  return async (ctx): Promise<CacheRefreshResult> => {
    const data = parseJobData(CacheRefreshDataSchema, ctx);
    const atMs = tickOf(ctx, deps.now ?? Date.now);
    const source = await loadSource(deps.config, deps.sourceDeps, data.sourceId);

    const answer = await source.instant({ query: data.query, atMs }, ctx.signal);
    if (!answer.ok) throw new Error(`source "${data.sourceId}" failed: ${answer.message}`);
    const entry: CachedSeries = {
      atMs,
      sourceId: data.sourceId,
      query: data.query,
      series: answer.value,
    };
    const json = JSON.stringify(entry);
    const bytes = Buffer.byteLength(json);
    if (bytes > MAX_CACHED_BYTES) {
      throw new Error(
        `the answer is ${bytes} bytes of JSON; a cache entry holds at most ${MAX_CACHED_BYTES}; narrow the query`,
      );
    }

    const key = cacheKey(deps.prefix, data.key);
    const written = await runScript(deps.client, WRITE, [key], [json, atMs, data.ttlMs]);
    deps.log.debug('cache refreshed', { key: data.key, atMs, series: entry.series.length, bytes });

    return { key: data.key, atMs, series: entry.series.length, bytes, isWritten: written === 1 };
  };
}
