// Round trip of a console call through the browser transport: a WebSocket client (as the
// browser's) calls `app.info` and `queues.list` on `dipper serve`'s server, one call at a time.
// Baseline in the same run: the same calls made in process straight to the dispatcher, and a
// bare WebSocket echo on the same loopback, so the ratio shows what the transport adds.
// Run: node --import tsx bench/console-rtt.ts
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket, { WebSocketServer } from 'ws';
import { parseProfile } from '../shared/profile.js';
import { createProfileStore } from '../main/connection/profile-store.js';
import { startConsoleHost } from '../main/console/host.js';
import { startConsoleServer } from '../main/console/server.js';
import { createLogger } from '../main/log/logger.js';
import { builtinProcessors } from '../main/queues/builtin-processors.js';
import { createProcessorRegistry } from '../main/queues/processor.js';
import type { ServerMessage } from '../shared/api/wire.js';
import { percentile } from './alert-support.js';
import { startBenchRedis } from './support.js';

const CALLS = Number(process.env.CONSOLE_RTT_CALLS ?? 2_000);
const WARMUP = 200;
const log = createLogger('bench');

function summary(label: string, samplesMs: number[]): { p50: number; p99: number } {
  const p50 = percentile(samplesMs, 50);
  const p99 = percentile(samplesMs, 99);
  console.log(
    `${label}: p50 ${p50.toFixed(3)} ms, p99 ${p99.toFixed(3)} ms (${samplesMs.length} calls)`,
  );
  return { p50, p99 };
}

async function timeCalls(call: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) await call();
  const samples: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const startedAt = performance.now();
    await call();
    samples.push(performance.now() - startedAt);
  }
  return samples;
}

function socketCaller(
  url: string,
): Promise<{ call: (m: string) => Promise<unknown>; close(): void }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    let nextId = 1;
    const waiting = new Map<number, (value: unknown) => void>();
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as ServerMessage | { type: 'call'; id: number };
      // The echo server sends the call itself back; the console answers with a result.
      if (message.type === 'event') return;
      waiting.get(message.id)?.(message);
      waiting.delete(message.id);
    });
    ws.once('error', reject);
    ws.once('open', () =>
      resolve({
        call: (method) =>
          new Promise((done) => {
            const id = nextId++;
            waiting.set(id, done);
            ws.send(JSON.stringify({ type: 'call', id, method, request: {} }));
          }),
        close: () => ws.close(),
      }),
    );
  });
}

async function main(): Promise<void> {
  const redis = await startBenchRedis();
  const dataDir = await mkdtemp(join(tmpdir(), 'dipper-bench-rtt-'));
  const staticDir = await mkdtemp(join(tmpdir(), 'dipper-bench-static-'));
  await writeFile(join(staticDir, 'index.html'), '<!doctype html>');
  const profile = parseProfile({
    name: 'bench',
    kind: 'standalone',
    url: `redis://127.0.0.1:${redis.proc.port}`,
    prefix: 'bench-rtt',
  });
  if (!profile.ok) throw new Error(profile.message);
  const host = await startConsoleHost({
    profile: profile.value,
    profiles: createProfileStore(dataDir),
    mode: 'browser',
    processors: createProcessorRegistry(builtinProcessors()),
    log,
  });
  if (!host.ok) throw new Error(host.message);
  const server = await startConsoleServer({
    host: host.value,
    staticDir,
    bindHost: '127.0.0.1',
    port: 0,
    log,
  });
  const echo = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  echo.on('connection', (ws) => ws.on('message', (data) => ws.send(String(data))));
  await new Promise((r) => echo.once('listening', r));

  try {
    const socketUrl = `ws://127.0.0.1:${server.port}/api/socket?token=${server.token}`;
    const client = await socketCaller(socketUrl);
    const echoPort = (echo.address() as { port: number }).port;
    const echoClient = await socketCaller(`ws://127.0.0.1:${echoPort}`);
    const dispatch = host.value.dispatch;

    console.log(`console round trip, ${CALLS} sequential calls after ${WARMUP} warm-up calls`);
    const bare = summary('bare WebSocket echo', await timeCalls(() => echoClient.call('x')));
    for (const method of ['app.info', 'queues.list']) {
      const direct = summary(`${method} in process`, await timeCalls(() => dispatch(method, {})));
      const wire = summary(`${method} over the socket`, await timeCalls(() => client.call(method)));
      console.log(
        `${method}: transport adds p50 ${(wire.p50 - direct.p50).toFixed(3)} ms ` +
          `(bare echo p50 ${bare.p50.toFixed(3)} ms); socket/in-process p50 ratio ` +
          `${(wire.p50 / direct.p50).toFixed(2)}x`,
      );
    }
    client.close();
    echoClient.close();
  } finally {
    echo.close();
    await server.close();
    await host.value.stop();
    await redis.stop();
    await rm(dataDir, { recursive: true, force: true });
    await rm(staticDir, { recursive: true, force: true });
  }
}

await main();
