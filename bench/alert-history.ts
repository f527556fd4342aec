// Alert history: Redis memory per entry over 100,000 entries (against the same records stored
// as one JSON field each), and the time to read one Rule's day out of 1,000,000 entries through
// the history store's query (against reading that day's stream range without decoding).
// Run: node --expose-gc --import tsx bench/alert-history.ts
import { createHistoryStore, historyKey } from '../main/alerts/history/history-store.js';
import type { HistoryRecord } from '../shared/alerting/history.js';
import { percentile } from './alert-support.js';
import { report, startBenchRedis } from './support.js';

const SIZE_ENTRIES = 100_000;
const QUERY_ENTRIES = Number(process.env.ALERT_HISTORY_ENTRIES ?? 1_000_000);
const RULES = 1_000;
const SPAN_DAYS = 10;
const DAY_MS = 86_400_000;
const BATCH = 1_000;
const QUERY_RUNS = 5;
const START_MS = Date.parse('2026-05-01T00:00:00Z');

type BenchRedis = Awaited<ReturnType<typeof startBenchRedis>>;

/** A busy profile's mix: 70% transitions, 20% notification attempts, 10% acks, 4 labels. */
function recordAt(i: number, atMs: number, rules: number): HistoryRecord {
  const labels = {
    app: `checkout-${i % 40}`,
    env: 'production',
    instance: `10.12.${i % 256}.${(i * 7) % 250}:9100`,
    team: 'payments',
  };
  const common = { atMs, ruleId: `rule-${i % rules}`, labels, severity: 'warning' } as const;
  if (i % 10 < 7) {
    const isFiring = i % 2 === 1;
    return {
      ...common,
      kind: 'transition',
      from: isFiring ? 'pending' : 'firing',
      to: isFiring ? 'firing' : 'resolved',
      value: 93.25 + (i % 13),
      threshold: 90,
    };
  }
  if (i % 10 < 9) {
    return {
      ...common,
      kind: 'notification',
      channel: 'slack-payments',
      status: 'firing',
      outcome: 'sent',
      alerts: 1 + (i % 3),
    };
  }

  return { ...common, kind: 'ack', by: 'ana' };
}

async function memoryBytes(redis: BenchRedis, key: string): Promise<number> {
  return Number(await redis.admin.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
}

/** The history stream and its per-Rule index lists (keys under the stream's name). */
async function historyBytes(redis: BenchRedis, prefix: string): Promise<number> {
  const keys = await redis.admin.keys(`${historyKey(prefix)}*`);
  let bytes = 0;
  for (const key of keys) bytes += await memoryBytes(redis, key);

  return bytes;
}

async function dropHistory(redis: BenchRedis, prefix: string): Promise<void> {
  const keys = await redis.admin.keys(`${historyKey(prefix)}*`);
  if (keys.length > 0) await redis.admin.del(...keys);
}

async function measureSize(redis: BenchRedis) {
  const prefix = 'bench-history-size';
  const store = createHistoryStore(redis.admin, prefix, { maxEntries: SIZE_ENTRIES * 2 });
  const jsonKey = `${prefix}:json`;
  const records = Array.from({ length: SIZE_ENTRIES }, (_, i) =>
    recordAt(i, START_MS + i * 250, 120),
  );

  for (let i = 0; i < records.length; i += BATCH) {
    await store.append(records.slice(i, i + BATCH));
    const pipeline = redis.admin.pipeline();
    for (const r of records.slice(i, i + BATCH)) {
      pipeline.xadd(jsonKey, `${r.atMs}-*`, 'r', JSON.stringify(r));
    }
    await pipeline.exec();
  }
  const compact = (await historyBytes(redis, prefix)) / SIZE_ENTRIES;
  const json = (await memoryBytes(redis, jsonKey)) / SIZE_ENTRIES;
  await dropHistory(redis, prefix);
  await redis.admin.del(jsonKey);

  return { entries: SIZE_ENTRIES, bytesPerEntry: compact, jsonBytesPerEntry: json };
}

async function measureQuery(redis: BenchRedis) {
  const prefix = 'bench-history-query';
  const store = createHistoryStore(redis.admin, prefix, { maxEntries: QUERY_ENTRIES * 2 });
  const stepMs = (SPAN_DAYS * DAY_MS) / QUERY_ENTRIES;
  const writeStartedAt = performance.now();
  for (let i = 0; i < QUERY_ENTRIES; i += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, QUERY_ENTRIES - i) }, (_, j) =>
      recordAt(i + j, Math.floor(START_MS + (i + j) * stepMs), RULES),
    );
    await store.append(batch);
  }
  const writeSeconds = (performance.now() - writeStartedAt) / 1000;
  const bytesPerEntry = (await historyBytes(redis, prefix)) / QUERY_ENTRIES;

  const toMs = Math.floor(START_MS + (QUERY_ENTRIES - 1) * stepMs);
  const fromMs = toMs - DAY_MS;
  const ruleId = 'rule-421';
  const queryMs: number[] = [];
  const rangeMs: number[] = [];
  let found = 0;
  let scanned = 0;
  let calls = 0;
  for (let run = 0; run < QUERY_RUNS; run++) {
    let startedAt = performance.now();
    [found, scanned, calls] = [0, 0, 0];
    let before: string | undefined;
    do {
      const page = await store.query({ fromMs, toMs, ruleId, limit: 1_000, before });
      if (!page.ok) throw new Error(page.message);
      calls += 1;
      found += page.value.entries.length;
      scanned += page.value.scanned;
      before = page.value.next ?? undefined;
    } while (before !== undefined);
    queryMs.push(performance.now() - startedAt);

    // The floor: the same day's stream range, read backwards in the store's page size.
    startedAt = performance.now();
    let end = String(toMs);
    for (;;) {
      const page = await redis.admin.xrevrange(
        historyKey(prefix),
        end,
        String(fromMs),
        'COUNT',
        500,
      );
      const lastId = page.at(-1)?.[0];
      if (lastId === undefined || page.length < 500) break;
      end = `(${lastId}`;
    }
    rangeMs.push(performance.now() - startedAt);
  }
  await dropHistory(redis, prefix);
  const query = percentile(queryMs, 50);
  const range = percentile(rangeMs, 50);

  return {
    entries: QUERY_ENTRIES,
    rules: RULES,
    spanDays: SPAN_DAYS,
    appendPerSec: QUERY_ENTRIES / writeSeconds,
    bytesPerEntry,
    dayEntriesOfRule: found,
    dayEntriesScanned: scanned,
    queryCalls: calls,
    queryMs: query,
    rangeReadMs: range,
    ratioToRangeRead: query / range,
    usPerScannedEntry: (query * 1000) / scanned,
  };
}

async function main(): Promise<void> {
  const redis = await startBenchRedis();
  try {
    report('alert-history (size)', await measureSize(redis));
    report('alert-history (query)', await measureQuery(redis));
  } finally {
    await redis.stop();
  }
}

await main();
