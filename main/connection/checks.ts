import { Cluster, type Redis } from 'ioredis';
import type { ConnectionReport, RedisServerReport } from '../../shared/connection.js';
import type { Result } from '../../shared/result.js';
import type { RedisClient } from './connection.js';
import { DEFAULT_DEADLINE_MS, withDeadline } from './deadline.js';

export interface CheckOptions {
  /** True for any profile but the sandbox: Redis without persistence is then a warning. */
  shared: boolean;
  deadlineMs?: number;
}

/** A clock further off Redis than this shifts Ticks noticeably, in ms. */
export const CLOCK_OFFSET_WARN_MS = 1_000;

const PINGS = 5;

/**
 * Checks what Dipper relies on: version, eviction policy, persistence, round trip and clock
 * offset. On a cluster every master is asked and the worst value reported.
 */
export async function checkConnection(
  client: RedisClient,
  options: CheckOptions,
): Promise<Result<ConnectionReport>> {
  const deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;

  return withDeadline(checkAll(client, options.shared), 'connection check', deadlineMs);
}

async function checkAll(client: RedisClient, shared: boolean): Promise<ConnectionReport> {
  const isCluster = client instanceof Cluster;
  // On a cluster the masters are known once the slot map is loaded; the first command waits.
  if (isCluster) await client.ping();

  const servers = isCluster ? client.nodes('master') : [client];
  const reports = await Promise.all(servers.map((server) => checkServer(server)));

  return summarize(isCluster ? 'cluster' : 'standalone', reports, shared);
}

async function checkServer(server: Redis): Promise<RedisServerReport> {
  const info = parseInfo(await server.info());
  const rdbSave = await server.config('GET', 'save').then(
    (reply) => (Array.isArray(reply) ? String(reply[1] ?? '') : null),
    // Managed services (ElastiCache, Memorystore) refuse CONFIG.
    () => null,
  );

  const rtts: number[] = [];
  for (let i = 0; i < PINGS; i++) {
    const start = performance.now();
    await server.ping();
    rtts.push(performance.now() - start);
  }
  rtts.sort((a, b) => a - b);

  const before = Date.now();
  const [seconds, micros] = (await server.time()).map(Number);
  const after = Date.now();
  const redisMs = (seconds ?? 0) * 1_000 + (micros ?? 0) / 1_000;

  return {
    address: `${server.options.host ?? 'localhost'}:${server.options.port ?? 6379}`,
    redisVersion: info.get('redis_version') ?? 'unknown',
    maxmemoryPolicy: info.get('maxmemory_policy') ?? 'unknown',
    aofEnabled: info.get('aof_enabled') === '1',
    rdbSave,
    rttMs: round(rtts[Math.floor(PINGS / 2)] ?? 0),
    clockOffsetMs: round(redisMs - (before + after) / 2),
  };
}

function summarize(
  kind: ConnectionReport['kind'],
  servers: RedisServerReport[],
  shared: boolean,
): ConnectionReport {
  const warnings: string[] = [];

  for (const s of servers) {
    if (s.maxmemoryPolicy !== 'noeviction') {
      warnings.push(
        `maxmemory-policy is ${s.maxmemoryPolicy} on ${s.address}; queues need noeviction, ` +
          `or Redis evicts Bull's jobs and locks when memory runs out`,
      );
    }
    if (shared && !s.aofEnabled && s.rdbSave === '') {
      warnings.push(
        `neither AOF nor RDB snapshots are enabled on ${s.address}; queued jobs and ` +
          'schedules are lost when Redis restarts',
      );
    }
    if (Math.abs(s.clockOffsetMs) > CLOCK_OFFSET_WARN_MS) {
      const direction = s.clockOffsetMs > 0 ? 'behind' : 'ahead of';
      warnings.push(
        `this machine's clock is ${Math.round(Math.abs(s.clockOffsetMs))} ms ${direction} ` +
          `${s.address}; Ticks fire off by that much until the clock is synchronised (NTP)`,
      );
    }
  }

  const weakest = [...servers].sort((a, b) => persistenceRank(a) - persistenceRank(b))[0];

  return {
    kind,
    redisVersion: servers.map((s) => s.redisVersion).sort(compareVersions)[0] ?? 'unknown',
    maxmemoryPolicy:
      servers.find((s) => s.maxmemoryPolicy !== 'noeviction')?.maxmemoryPolicy ?? 'noeviction',
    persistence: { aofEnabled: weakest?.aofEnabled ?? false, rdbSave: weakest?.rdbSave ?? null },
    rttMs: Math.max(0, ...servers.map((s) => s.rttMs)),
    clockOffsetMs: servers
      .map((s) => s.clockOffsetMs)
      .reduce((worst, o) => (Math.abs(o) > Math.abs(worst) ? o : worst), 0),
    servers,
    warnings,
    checkedAt: Date.now(),
  };
}

// 0: nothing survives a restart, 1: unknown, 2: snapshots only, 3: AOF.
function persistenceRank(s: RedisServerReport): number {
  if (s.aofEnabled) return 3;
  if (s.rdbSave === null) return 1;

  return s.rdbSave === '' ? 0 : 2;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0 && !Number.isNaN(diff)) return diff;
  }

  return 0;
}

function parseInfo(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) fields.set(line.slice(0, colon), line.slice(colon + 1));
  }

  return fields;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
