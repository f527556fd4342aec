import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';

const SERVER = fileURLToPath(new URL('./alert-http-server.ts', import.meta.url));

/** The child process of bench/alert-http-server.ts and how to drive it. */
export interface BenchHttpServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  setValue(value: number): Promise<void>;
  /** Webhook arrivals so far: idempotency key and arrival time (epoch ms). */
  arrivals(): Promise<{ key: string; atMs: number }[]>;
  stop(): Promise<void>;
}

export async function startBenchHttpServer(delayMs: number): Promise<BenchHttpServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER, String(delayMs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /"port":(\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`bench http server exited ${code}`)));
  });
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    async setValue(value) {
      await fetch(`${url}/control/value`, { method: 'POST', body: JSON.stringify({ value }) });
    },
    async arrivals() {
      const response = await fetch(`${url}/control/arrivals`);
      return (await response.json()) as { key: string; atMs: number }[];
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The `p`-th percentile (0-100) of `values`, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));

  return sorted[rank - 1] ?? Number.NaN;
}

/** CPU time Redis has used so far (user + system), in ms. */
export async function redisCpuMs(admin: Redis): Promise<number> {
  const info = await admin.info('cpu');
  const read = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1]);

  return (read('used_cpu_user') + read('used_cpu_sys')) * 1000;
}

/** The commands Redis spent most time in since the last CONFIG RESETSTAT, as `name=ms`. */
export async function topCommands(admin: Redis, count: number): Promise<string> {
  const info = await admin.info('commandstats');
  const rows = [...info.matchAll(/^cmdstat_([a-z|]+):calls=(\d+),usec=(\d+)/gm)].map((m) => ({
    name: m[1] ?? '',
    calls: Number(m[2]),
    usec: Number(m[3]),
  }));

  return rows
    .sort((a, b) => b.usec - a.usec)
    .slice(0, count)
    .map((r) => `${r.name}=${Math.round(r.usec / 1000)}ms/${r.calls}`)
    .join(' ');
}
