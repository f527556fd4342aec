import { describe, expect, it } from 'vitest';
import {
  createHistoryStore,
  historyIndexedFromKey,
  historyKey,
  historyRuleIndexKey,
  transitionRecord,
  type HistoryOptions,
} from '../../../../main/alerts/history/history-store.js';
import type { HistoryQuery, HistoryRecord } from '../../../../shared/alerting/history.js';
import { uniquePrefix, useTestRedis } from '../../../harness/redis.js';

const T = Date.parse('2026-05-01T10:00:00Z');
const WEB = { app: 'web', env: 'prod' };
const API = { app: 'api', env: 'staging' };

/** One of each kind, a second apart: entry n is at T + (n - 1) s. */
const RECORDS: HistoryRecord[] = [
  {
    kind: 'transition',
    atMs: T,
    ruleId: 'disk-full',
    labels: WEB,
    from: 'normal',
    to: 'firing',
    value: 95,
    threshold: 90,
    severity: 'critical',
  },
  {
    kind: 'notification',
    atMs: T + 1_000,
    ruleId: 'disk-full',
    labels: { app: 'web' },
    severity: 'critical',
    channel: 'slack-ops',
    status: 'firing',
    outcome: 'sent',
    alerts: 1,
  },
  {
    kind: 'ack',
    atMs: T + 2_000,
    ruleId: 'disk-full',
    labels: WEB,
    severity: 'critical',
    by: 'ana',
  },
  {
    kind: 'transition',
    atMs: T + 3_000,
    ruleId: 'api-latency',
    labels: API,
    from: 'normal',
    to: 'pending',
    value: 0.7,
    threshold: 0.5,
    severity: 'warning',
  },
  {
    kind: 'silence',
    atMs: T + 4_000,
    silenceId: 's1',
    event: 'created',
    matchers: 'env="staging"',
    by: 'bob',
    endsAtMs: T + 3_600_000,
  },
  {
    kind: 'transition',
    atMs: T + 5_000,
    ruleId: 'disk-full',
    labels: WEB,
    from: 'firing',
    to: 'resolved',
    value: 40,
    threshold: 90,
    severity: 'critical',
  },
  {
    kind: 'notification',
    atMs: T + 6_000,
    ruleId: 'disk-full',
    labels: WEB,
    severity: 'critical',
    channel: 'webhook-1',
    status: 'resolved',
    outcome: 'failed',
    error: 'HTTP 500 from receiver',
    alerts: 1,
  },
  {
    kind: 'transition',
    atMs: T + 7_000,
    ruleId: 'api-latency',
    labels: API,
    from: 'pending',
    to: 'nodata',
    value: null,
    threshold: 0.5,
    severity: 'warning',
  },
  {
    kind: 'silence',
    atMs: T + 8_000,
    silenceId: 's1',
    event: 'expired',
    matchers: 'env="staging"',
  },
];

describe('createHistoryStore', () => {
  const db = useTestRedis();

  async function filledStore(options: HistoryOptions = {}) {
    const store = createHistoryStore(db.client, uniquePrefix('history'), options);
    await store.append(RECORDS);
    return store;
  }

  /** The entry numbers (1-based positions in RECORDS) a query returns, newest first. */
  async function numbersFor(
    store: Awaited<ReturnType<typeof filledStore>>,
    query: Partial<HistoryQuery>,
  ): Promise<number[]> {
    const result = await store.query({ fromMs: T, toMs: T + 8_000, limit: 100, ...query });
    if (!result.ok) throw new Error(result.message);
    return result.value.entries.map((e) => (e.atMs - T) / 1_000 + 1);
  }

  describe('when records are appended', () => {
    it('reads every kind back as written, newest first, with its stream id', async () => {
      const store = await filledStore();

      const result = await store.query({ fromMs: T, toMs: T + 8_000, limit: 100 });

      expect(result).toEqual({
        ok: true,
        value: {
          entries: RECORDS.map((r, i) => ({ ...r, id: `${T + i * 1_000}-0` })).reverse(),
          next: null,
          scanned: 9,
        },
      });
    });

    it('keeps labels with commas, equals signs and backslashes intact', async () => {
      const store = createHistoryStore(db.client, uniquePrefix('history'));
      const labels = { path: 'a=b,c\\d', 'odd=name': ',', empty: '' };
      await store.append([
        { kind: 'ack', atMs: T, ruleId: 'r', labels, severity: 'info', by: 'x' },
      ]);

      const result = await store.query({ fromMs: T, toMs: T, limit: 1 });

      expect(
        result.ok && result.value.entries[0]?.kind === 'ack' && result.value.entries[0].labels,
      ).toEqual(labels);
    });

    it('stores a late record at the newest time and keeps its own time', async () => {
      const store = createHistoryStore(db.client, uniquePrefix('history'));

      const ids = await store.append([RECORDS[5]!, RECORDS[3]!]);
      const result = await store.query({ fromMs: T, toMs: T + 10_000, limit: 10 });

      expect(ids).toEqual([`${T + 5_000}-0`, `${T + 5_000}-1`]);
      expect(result.ok && result.value.entries.map((e) => [e.id, e.atMs])).toEqual([
        [`${T + 5_000}-1`, T + 3_000],
        [`${T + 5_000}-0`, T + 5_000],
      ]);
    });

    it('turns an AlertTransition into a record without its templates', () => {
      const record = transitionRecord({
        ruleId: 'disk-full',
        seriesKey: '{app="web",env="prod"}',
        labels: WEB,
        from: 'normal',
        to: 'firing',
        atMs: T,
        value: 95,
        threshold: 90,
        severity: 'critical',
        summary: 'web disk at 95%',
        description: '',
      });

      expect(record).toEqual(RECORDS[0]);
    });
  });

  describe('when a query filters', () => {
    it.each<[string, Partial<HistoryQuery>, number[]]>([
      ['by time range', { fromMs: T + 2_000, toMs: T + 5_000 }, [6, 5, 4, 3]],
      ['by rule', { ruleId: 'disk-full' }, [7, 6, 3, 2, 1]],
      ['by severity', { severity: 'warning' }, [8, 4]],
      ['by state entered', { state: 'resolved' }, [6]],
      ['by kind', { kinds: ['silence', 'ack'] }, [9, 5, 3]],
      [
        'by label matchers',
        {
          labels: [
            { name: 'env', op: '=~', value: 'prod|staging' },
            { name: 'app', op: '!=', value: 'api' },
          ],
        },
        [7, 6, 3, 1],
      ],
      [
        'by a matcher on a missing label',
        { labels: [{ name: 'team', op: '=', value: '' }] },
        [8, 7, 6, 4, 3, 2, 1],
      ],
      [
        'by several filters at once',
        { ruleId: 'disk-full', kinds: ['transition'], fromMs: T + 1 },
        [6],
      ],
    ])('returns exactly the matching entries %s', async (_what, query, expected) => {
      const store = await filledStore();

      expect(await numbersFor(store, query)).toEqual(expected);
    });
  });

  describe('when a query stops early', () => {
    it('stops at the limit and continues from the cursor', async () => {
      const store = await filledStore();

      const first = await store.query({ fromMs: T, toMs: T + 8_000, limit: 2 });
      const next = first.ok ? first.value.next : null;
      const second = await store.query({
        fromMs: T,
        toMs: T + 8_000,
        limit: 2,
        before: next ?? '',
      });

      expect(first.ok && first.value.entries.map((e) => e.atMs)).toEqual([T + 8_000, T + 7_000]);
      expect(next).toBe(`${T + 7_000}-0`);
      expect(second.ok && second.value.entries.map((e) => e.atMs)).toEqual([T + 6_000, T + 5_000]);
    });

    it('reads in pages and stops after maxScan entries with a cursor', async () => {
      const store = await filledStore({ pageSize: 2, maxScan: 4 });
      const query = { fromMs: T, toMs: T + 8_000, limit: 10, severity: 'warning' } as const;

      const pages = [];
      let before: string | undefined;
      do {
        const result = await store.query({ ...query, ...(before ? { before } : {}) });
        if (!result.ok) throw new Error(result.message);
        pages.push([result.value.entries.map((e) => e.atMs), result.value.scanned]);
        before = result.value.next ?? undefined;
      } while (before);

      expect(pages).toEqual([
        [[T + 7_000], 4],
        [[T + 3_000], 4],
        [[], 1],
      ]);
    });
  });

  describe('when a query names a Rule', () => {
    /** `count` transitions of `ruleId`, one a minute from T, between as many of another Rule. */
    function interleaved(ruleId: string, count: number): HistoryRecord[] {
      return Array.from({ length: count * 2 }, (_, i) => ({
        ...RECORDS[0]!,
        ruleId: i % 2 === 0 ? ruleId : 'other-rule',
        atMs: T + i * 30_000,
      }));
    }

    it("reads only that Rule's entries through its index, in pages with a cursor", async () => {
      const store = createHistoryStore(db.client, uniquePrefix('history-rule'), { pageSize: 3 });
      await store.append(interleaved('disk-full', 10));
      const query = { fromMs: T + 60_000, toMs: T + 480_000, ruleId: 'disk-full', limit: 4 };

      const first = await store.query(query);
      if (!first.ok) throw new Error(first.message);
      const second = await store.query({ ...query, before: first.value.next ?? '' });
      if (!second.ok) throw new Error(second.message);

      const minutes = (page: typeof first.value) => page.entries.map((e) => (e.atMs - T) / 60_000);
      expect(minutes(first.value)).toEqual([8, 7, 6, 5]);
      expect(first.value.next).toBe(`${T + 5 * 60_000}-0`);
      expect(minutes(second.value)).toEqual([4, 3, 2, 1]);
      // A full page always has a cursor; the page after it is empty and ends the range.
      const third = await store.query({ ...query, before: second.value.next ?? '' });
      expect(third).toMatchObject({ ok: true, value: { entries: [], next: null } });
      // Only the Rule's own entries were read: none of the other Rule's ten.
      expect(first.value.scanned + second.value.scanned).toBe(8);
    });

    it('still finds entries written before the index existed, by reading the stream', async () => {
      const prefix = uniquePrefix('history-upgrade');
      const store = createHistoryStore(db.client, prefix);
      const records = interleaved('disk-full', 6);
      await store.append(records.slice(0, 6));
      // As an older version left it: the stream alone.
      await db.client.del(historyIndexedFromKey(prefix), historyRuleIndexKey(prefix, 'disk-full'));
      await store.append(records.slice(6));

      const all = await store.query({
        fromMs: T,
        toMs: T + 600_000,
        ruleId: 'disk-full',
        limit: 50,
      });
      const recent = await store.query({
        fromMs: T + 180_000,
        toMs: T + 600_000,
        ruleId: 'disk-full',
        limit: 50,
      });

      const minutes = (r: typeof all) =>
        r.ok ? r.value.entries.map((e) => (e.atMs - T) / 60_000) : r;
      expect(minutes(all)).toEqual([5, 4, 3, 2, 1, 0]);
      expect(minutes(recent)).toEqual([5, 4, 3]);
      expect(recent.ok && recent.value.scanned).toBe(3);
    });
  });

  describe('when a query is invalid', () => {
    it('refuses it with the reason', async () => {
      const store = await filledStore();

      const result = await store.query({ fromMs: T + 1, toMs: T, limit: 5 });

      expect(result).toMatchObject({
        ok: false,
        code: 'BAD_REQUEST',
        message: `invalid history query: (root): fromMs ${T + 1} is after toMs ${T}`,
      });
    });
  });

  describe('when the stream outgrows its retention', () => {
    it('trims entries older than the retention, one stream node at a time', async () => {
      const prefix = uniquePrefix('history-trim');
      const store = createHistoryStore(db.client, prefix, { retentionMs: 60_000 });
      const records = Array.from({ length: 1_000 }, (_, i) => ({
        ...RECORDS[0]!,
        atMs: T + i * 1_000,
      }));

      for (let i = 0; i < records.length; i += 100) await store.append(records.slice(i, i + 100));
      const [oldest] = await db.client.xrange(historyKey(prefix), '-', '+', 'COUNT', 1);
      const oldestMs = Number(oldest?.[0].split('-')[0]);

      // Approximate trimming keeps at most one stream node (<= 100 entries) beyond the cutoff.
      expect(oldestMs).toBeGreaterThanOrEqual(T + 999_000 - 60_000 - 100_000);
      expect(oldestMs).toBeLessThanOrEqual(T + 999_000 - 60_000);
      // The Rule's index keeps exactly the ids within the retention, and expires with it.
      const index = await db.client.lrange(historyRuleIndexKey(prefix, 'disk-full'), 0, -1);
      expect(index).toHaveLength(61);
      expect(index[0]).toBe(`${T + 939_000}-0`);
      const ttl = await db.client.pttl(historyRuleIndexKey(prefix, 'disk-full'));
      expect(ttl).toBeGreaterThan(50_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
    });
  });

  describe('when 10,000 realistic entries are stored', () => {
    it('uses under 300 bytes of Redis memory per entry', async () => {
      const prefix = uniquePrefix('history-size');
      const store = createHistoryStore(db.client, prefix);
      const records = Array.from({ length: 10_000 }, (_, i) => realisticRecord(i));

      for (let i = 0; i < records.length; i += 500) await store.append(records.slice(i, i + 500));
      // The stream and every Rule index list.
      const keys = await db.client.keys(`${historyKey(prefix)}*`);
      let bytes = 0;
      for (const key of keys) {
        bytes += Number(await db.client.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
      }
      const count = await db.client.xlen(historyKey(prefix));

      expect(count).toBe(10_000);
      expect(bytes / count).toBeLessThan(300);
    });
  });
});

/** A mix like a busy profile's: 70% transitions, 20% notification attempts, 10% acks. */
function realisticRecord(i: number): HistoryRecord {
  const labels = {
    app: `checkout-${i % 40}`,
    env: 'production',
    instance: `10.12.${i % 256}.${(i * 7) % 250}:9100`,
    team: 'payments',
  };
  const common = {
    atMs: T + i * 250,
    ruleId: `rule-${i % 120}`,
    labels,
    severity: 'warning',
  } as const;
  if (i % 10 < 7) {
    return {
      ...common,
      kind: 'transition',
      from: i % 2 ? 'pending' : 'firing',
      to: i % 2 ? 'firing' : 'resolved',
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
      alerts: 3,
    };
  }
  return { ...common, kind: 'ack', by: 'oncall@example.com' };
}
