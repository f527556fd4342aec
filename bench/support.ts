import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { startRedisProcess, type RedisProcess } from '../main/connection/redis-process.js';
import type { RedisTarget } from '../main/connection/connection.js';

/** A throw-away redis-server for one benchmark, persistence off so both sides pay the same. */
export async function startBenchRedis(): Promise<{
  proc: RedisProcess;
  target: RedisTarget;
  admin: Redis;
  stop(): Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'dipper-bench-'));
  const proc = await startRedisProcess({ dir, appendOnly: false });
  const admin = new Redis(proc.port, '127.0.0.1');

  return {
    proc,
    target: { kind: 'standalone', options: { host: '127.0.0.1', port: proc.port } },
    admin,
    stop: async () => {
      admin.disconnect();
      await proc.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Total commands Redis executed, scripts' inner commands included (INFO commandstats). */
export async function totalCommands(admin: Redis): Promise<number> {
  const info = await admin.info('commandstats');
  let total = 0;
  for (const match of info.matchAll(/^cmdstat_([a-z|]+):calls=(\d+)/gm)) {
    // The INFO call itself and CONFIG RESETSTAT are the benchmark's own.
    if (match[1] !== 'info' && match[1] !== 'config') total += Number(match[2]);
  }

  return total;
}

/** Waits for `check` to be true, polling every `pollMs`. */
export async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  pollMs = 5,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`benchmark condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** The next wall-clock whole second at least `leadMs` from now. */
export function nextSecondAfter(leadMs: number): number {
  return Math.ceil((Date.now() + leadMs) / 1000) * 1000;
}

/** A cron (6 fields) firing at the second of `ms` each minute, in UTC. */
export function cronAtSecond(ms: number): string {
  return `${new Date(ms).getUTCSeconds()} * * * * *`;
}

export function heapMb(): number {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

/** Prints one result line and returns it for the summary. */
export function report(
  name: string,
  values: Record<string, number | string>,
): Record<string, number | string> {
  const parts = Object.entries(values).map(
    ([k, v]) => `${k}=${typeof v === 'number' ? Number(v.toFixed(3)) : v}`,
  );
  process.stdout.write(`${name}: ${parts.join(' ')}\n`);

  return { name, ...values };
}
