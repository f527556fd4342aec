import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseProfile, type Profile } from '../../../shared/profile.js';
import { createProfileStore } from '../../../main/connection/profile-store.js';
import { startConsoleHost, type ConsoleHost } from '../../../main/console/host.js';
import type { ConsoleSession } from '../../../main/console/session.js';
import { builtinProcessors } from '../../../main/queues/builtin-processors.js';
import { createProcessorRegistry, type ProcessorRegistry } from '../../../main/queues/processor.js';
import type { EventName } from '../../../shared/api/contract.js';
import { type Method, type RequestOf, type ResponseOf } from '../../../shared/api/contract.js';
import type { Result } from '../../../shared/result.js';
import { quietLog } from '../queues/queue-harness.js';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startTestRedis, uniquePrefix, type TestRedis } from '../../harness/redis.js';

/** A console host on a test Redis, under its own prefix and data folder. */
export interface TestConsole {
  host: ConsoleHost;
  session: ConsoleSession;
  prefix: string;
  processors: ProcessorRegistry;
  /** Calls a method through the dispatcher, exactly as a transport would. */
  call<M extends Method>(method: M, request: RequestOf<M>): Promise<Result<ResponseOf<M>>>;
  /** Calls a method and returns its value; fails the test with the message otherwise. */
  value<M extends Method>(method: M, request: RequestOf<M>): Promise<ResponseOf<M>>;
  /** Every event pushed since the console started, oldest first. */
  events: { event: EventName; payload: unknown }[];
  stop(): Promise<void>;
}

export interface TestConsoleOptions {
  /** Mark the (standalone, so shared) test profile read-only. */
  readOnly?: boolean;
  processors?: ProcessorRegistry;
  liveIntervalMs?: number;
  deadlineMs?: number;
}

export async function startTestConsole(
  redisUrl: string,
  name: string,
  options: TestConsoleOptions = {},
): Promise<TestConsole> {
  const dataDir = await mkdtemp(join(tmpdir(), 'dipper-console-'));
  const prefix = uniquePrefix(name);
  const parsed = parseProfile({
    name: 'test',
    kind: 'standalone',
    url: redisUrl,
    prefix,
    ...(options.readOnly ? { readOnly: true } : {}),
  });
  if (!parsed.ok) throw new Error(parsed.message);
  const profile: Profile = parsed.value;
  const profiles = createProfileStore(dataDir);
  const saved = await profiles.save(profile);
  if (!saved.ok) throw new Error(saved.message);
  const processors = options.processors ?? createProcessorRegistry(builtinProcessors());
  const started = await startConsoleHost({
    profile,
    profiles,
    mode: 'browser',
    processors,
    log: quietLog,
    operator: { user: 'tester', host: 'test-host' },
    node: { membership: { intervalMs: 200, ttlMs: 1_000 } },
    liveIntervalMs: options.liveIntervalMs ?? 200,
    ...(options.deadlineMs ? { deadlineMs: options.deadlineMs } : {}),
  });
  if (!started.ok) throw new Error(started.message);
  const host = started.value;
  const events: TestConsole['events'] = [];
  host.subscribe((event, payload) => events.push({ event, payload }));
  const session = host.session();
  if (!session) throw new Error('no session');

  const call = <M extends Method>(method: M, request: RequestOf<M>) =>
    host.dispatch(method, request) as Promise<Result<ResponseOf<M>>>;

  return {
    host,
    session,
    prefix,
    processors,
    call,
    async value(method, request) {
      const result = await call(method, request);
      if (!result.ok) throw new Error(`${method}: ${result.code} ${result.message}`);
      return result.value;
    },
    events,
    async stop() {
      await host.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * One redis-server (no AOF) for a test file's consoles, and at most one console per test:
 * `start` opens it and it is stopped after the test. Read `redis` inside tests only.
 */
export function useTestConsoles() {
  let redis: TestRedis | undefined;
  let current: TestConsole | undefined;
  beforeAll(async () => {
    redis = await startTestRedis({ appendOnly: false });
  });
  afterEach(async () => {
    await current?.stop();
    current = undefined;
  });
  afterAll(async () => {
    await redis?.stop();
  });

  const started = (): TestRedis => {
    if (!redis) throw new Error('useTestConsoles: read it inside a test, not at load');
    return redis;
  };
  return {
    get redis(): TestRedis {
      return started();
    },
    async start(name: string, options: TestConsoleOptions = {}): Promise<TestConsole> {
      current = await startTestConsole(started().url, name, options);
      return current;
    },
  };
}
