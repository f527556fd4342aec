import { Cluster } from 'ioredis';
import type { RedisClient } from '../connection/connection.js';
import { ALERTS_QUEUE, NOTIFY_QUEUE } from '../alerts/alerting.js';
import { CONSOLE_QUEUE } from './pauses.js';
import type { NodeInfo } from '../../shared/node.js';
import type { Schedule } from '../../shared/schedule.js';

/** How long a SCAN for Bull queues is reused, ms: a full SCAN walks every key of the database. */
export const QUEUE_SCAN_TTL_MS = 30_000;

const SCAN_COUNT = 1_000;

interface ScanCache {
  atMs: number;
  names: Promise<string[]>;
}

const scans = new WeakMap<RedisClient, Map<string, ScanCache>>();

/** A Redis glob pattern that matches `text` literally. */
export function globEscape(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

/** The clients a SCAN must visit: every master of a cluster, or the one server. */
export function scanTargets(client: RedisClient) {
  return client instanceof Cluster ? client.nodes('master') : [client];
}

async function scanKeys(client: RedisClient, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  for (const target of scanTargets(client)) {
    let cursor = '0';
    do {
      const [next, batch] = await target.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_COUNT);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
  }
  return keys;
}

/**
 * Bull queues with an id counter (`<prefix>:<queue>:id`): every queue that ever had a job.
 * Names with a `:` are left out; they would be Dipper's own keys, not Bull queues.
 */
async function scanQueueNames(client: RedisClient, prefix: string): Promise<string[]> {
  const head = `${prefix}:`;
  const keys = await scanKeys(client, `${globEscape(head)}*:id`);

  return keys
    .map((key) => key.slice(head.length, -':id'.length))
    .filter((name) => name.length > 0 && !name.includes(':'));
}

/** The SCAN's answer, shared by callers for QUEUE_SCAN_TTL_MS. */
export function scannedQueues(client: RedisClient, prefix: string, nowMs = Date.now()) {
  let byPrefix = scans.get(client);
  if (!byPrefix) {
    byPrefix = new Map();
    scans.set(client, byPrefix);
  }
  const cached = byPrefix.get(prefix);
  if (cached && nowMs - cached.atMs < QUEUE_SCAN_TTL_MS) return cached.names;

  const names = scanQueueNames(client, prefix);
  const entry = { atMs: nowMs, names };
  byPrefix.set(prefix, entry);
  // A failed SCAN is not kept: the next caller tries again.
  names.catch(() => {
    if (byPrefix.get(prefix) === entry) byPrefix.delete(prefix);
  });

  return names;
}

/** Forgets the cached SCAN, e.g. after the console created a queue. */
export function forgetScannedQueues(client: RedisClient, prefix: string): void {
  scans.get(client)?.delete(prefix);
}

/**
 * Every Bull queue on the profile: the queues schedules name, those nodes consume, the
 * alerting queues and the console's own, queues a person paused, and those found in Redis by their id counter.
 * Sorted by name.
 */
export async function discoverQueues(options: {
  client: RedisClient;
  prefix: string;
  schedules: Schedule[];
  nodes: NodeInfo[];
  /** Queues a person paused: shown even before they have a job. */
  paused?: Iterable<string>;
}): Promise<string[]> {
  const names = new Set<string>([ALERTS_QUEUE, NOTIFY_QUEUE, CONSOLE_QUEUE]);
  for (const schedule of options.schedules)
    if (schedule.dispatch === 'queue') names.add(schedule.queue);
  for (const node of options.nodes) for (const queue of node.queues) names.add(queue);
  for (const queue of options.paused ?? []) names.add(queue);
  for (const queue of await scannedQueues(options.client, options.prefix)) names.add(queue);

  return [...names].sort();
}
