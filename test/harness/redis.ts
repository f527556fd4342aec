import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { startRedisProcess, type RedisProcess } from '../../main/connection/redis-process.js';

const run = promisify(execFile);

/** A standalone redis-server for one test file, in a temporary folder. */
export interface TestRedis {
  port: number;
  url: string;
  dir: string;
  process: RedisProcess;
  /** Kills and starts redis-server again on the same port and folder (AOF keeps the data). */
  restart(downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startTestRedis(options: { appendOnly?: boolean } = {}): Promise<TestRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'dipper-redis-'));
  const appendOnly = options.appendOnly ?? true;
  let proc = await startRedisProcess({ dir, appendOnly });
  const handle: TestRedis = {
    port: proc.port,
    url: `redis://127.0.0.1:${proc.port}`,
    dir,
    process: proc,
    restart: async (downMs = 0) => {
      await proc.stop();
      if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
      proc = await startRedisProcess({ dir, appendOnly, port: handle.port });
      handle.process = proc;
    },
    stop: async () => {
      await proc.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };

  return handle;
}

/**
 * A redis-server without AOF and one client on it for the enclosing describe block, started
 * before its tests and stopped after them. Read `redis` and `client` inside tests only.
 */
export function useTestRedis(): { readonly redis: TestRedis; readonly client: Redis } {
  let redis: TestRedis | undefined;
  let client: Redis | undefined;
  beforeAll(async () => {
    redis = await startTestRedis({ appendOnly: false });
    client = new Redis(redis.port, '127.0.0.1');
  });
  afterAll(async () => {
    client?.disconnect();
    await redis?.stop();
  });

  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useTestRedis: read it inside a test, not at load');
    return value;
  };
  return {
    get redis() {
      return started(redis);
    },
    get client() {
      return started(client);
    },
  };
}

/** A Redis Cluster of `masters` loopback redis-server processes, slots assigned. */
export interface TestCluster {
  ports: number[];
  seeds: string;
  stop(): Promise<void>;
}

export async function startTestCluster(masters = 3): Promise<TestCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'dipper-cluster-'));
  const procs: RedisProcess[] = [];
  for (let i = 0; i < masters; i++) {
    procs.push(await startRedisProcess({ dir, clusterEnabled: true, appendOnly: false }));
  }
  const hosts = procs.map((p) => `127.0.0.1:${p.port}`);
  await run('redis-cli', [
    '--cluster',
    'create',
    ...hosts,
    '--cluster-replicas',
    '0',
    '--cluster-yes',
  ]);
  await waitForClusterOk(procs.map((p) => p.port));

  return {
    ports: procs.map((p) => p.port),
    seeds: hosts.join(','),
    stop: async () => {
      await Promise.all(procs.map((p) => p.stop()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function waitForClusterOk(ports: number[]): Promise<void> {
  const deadline = Date.now() + 20_000;

  while (Date.now() < deadline) {
    const states = await Promise.all(
      ports.map(async (port) => {
        const { stdout } = await run('redis-cli', ['-p', String(port), 'cluster', 'info']);
        return stdout.includes('cluster_state:ok');
      }),
    );
    if (states.every(Boolean)) {
      const probe = new Cluster([{ host: '127.0.0.1', port: ports[0] ?? 0 }]);
      probe.on('error', () => undefined);
      try {
        await probe.set('{probe}:x', '1');
        return;
      } catch {
        // slots not yet known to every node
      } finally {
        probe.disconnect();
      }
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  throw new Error('cluster did not reach cluster_state:ok within 20 s');
}

let counter = 0;

/** A key prefix no other test uses, so tests can share one redis-server. */
export function uniquePrefix(name: string): string {
  counter += 1;
  return `t${process.pid}-${counter}-${name}`;
}
