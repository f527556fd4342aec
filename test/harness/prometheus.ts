import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seriesKey, type Labels } from '../../shared/alerting/series.js';
import { waitFor } from './wait.js';

/** The scrape job name; Prometheus adds it to every scraped series as `job`. */
export const TEST_SCRAPE_JOB = 'web';

/**
 * Debian's prometheus on a loopback port with a temporary config and storage, scraping every
 * second a local target whose metrics the test sets.
 */
export interface TestPrometheus {
  url: string;
  /** The target's `instance` label, `127.0.0.1:PORT`. */
  instance: string;
  /** Sets a gauge line on the target: `setValue('js_errors_total', { app: 'web' }, 42)`. */
  setValue(name: string, labels: Labels, value: number): void;
  /** Resolves once an instant query of `promql` answers `value` (after the next scrape). */
  waitForValue(promql: string, value: number): Promise<void>;
  stop(): Promise<void>;
}

interface Line {
  name: string;
  labels: Labels;
  value: number;
}

export async function startTestPrometheus(): Promise<TestPrometheus> {
  const lines = new Map<string, Line>();
  const target = createHttpServer((req, res) => {
    if (req.url !== '/metrics') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(exposition(lines));
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  const instance = `127.0.0.1:${(target.address() as AddressInfo).port}`;

  const dir = await mkdtemp(join(tmpdir(), 'dipper-prometheus-'));
  await writeFile(join(dir, 'prometheus.yml'), config(instance));

  let started: { proc: ChildProcess; url: string } | undefined;
  let lastError: unknown;
  // The free port can be taken between probing and binding it; try another then.
  for (let attempt = 0; attempt < 3 && !started; attempt++) {
    try {
      started = await launch(dir, await freePort());
    } catch (error) {
      lastError = error;
    }
  }
  if (!started) {
    await closeServer(target);
    await rm(dir, { recursive: true, force: true });
    throw lastError;
  }
  const { proc, url } = started;

  const handle: TestPrometheus = {
    url,
    instance,
    setValue(name, labels, value) {
      lines.set(`${name}${seriesKey(labels)}`, { name, labels, value });
    },
    waitForValue: async (promql, value) => {
      await waitFor(
        async () => (await instantValues(url, promql)).includes(value),
        `${promql} = ${value}`,
      );
    },
    stop: async () => {
      await stopProcess(proc);
      await closeServer(target);
      await rm(dir, { recursive: true, force: true });
    },
  };
  // The first scrape has happened once `up` is there.
  await waitFor(
    async () => (await instantValues(url, `up{job="${TEST_SCRAPE_JOB}"}`)).includes(1),
    'the first scrape',
  );

  return handle;
}

function config(instance: string): string {
  return [
    'global:',
    '  scrape_interval: 1s',
    '  evaluation_interval: 1s',
    'scrape_configs:',
    `  - job_name: ${TEST_SCRAPE_JOB}`,
    '    static_configs:',
    `      - targets: ['${instance}']`,
    '',
  ].join('\n');
}

async function launch(dir: string, port: number): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(
    'prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  proc.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  const url = `http://127.0.0.1:${port}`;

  try {
    await waitFor(
      async () => {
        if (proc.exitCode !== null)
          throw new Error(`prometheus exited ${proc.exitCode}: ${stderr}`);
        return fetch(`${url}/-/ready`).then(
          (r) => r.ok,
          () => false,
        );
      },
      'prometheus to be ready',
      30_000,
    );
  } catch (error) {
    await stopProcess(proc);
    throw error;
  }

  return { proc, url };
}

async function instantValues(url: string, promql: string): Promise<number[]> {
  const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`);
  const body = (await response.json()) as {
    data?: { result?: { value?: [number, string] }[] };
  };

  return (body.data?.result ?? []).map((r) => Number(r.value?.[1]));
}

function exposition(lines: Map<string, Line>): string {
  return [...lines.values()]
    .map(({ name, labels, value }) => {
      const pairs = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
      return `${name}{${pairs.join(',')}} ${formatValue(value)}\n`;
    })
    .join('');
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';

  return String(value);
}

async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));

  return port;
}

async function stopProcess(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;

  const exited = new Promise((resolve) => proc.once('exit', resolve));
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}
