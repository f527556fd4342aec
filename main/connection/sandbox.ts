import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { fail, ok, type Result } from '../../shared/result.js';
import { createLogger, type Logger } from '../log/logger.js';
import { writeFileAtomic } from './atomic-write.js';
import type { RedisTarget } from './connection.js';
import { dataDirPath, ensurePrivateDir } from './data-dir.js';
import { withDeadline } from './deadline.js';
import { withLockFile } from './lock-file.js';
import { startRedisProcess, type RedisProcess } from './redis-process.js';

export const SANDBOX_HOST = '127.0.0.1';

export interface SandboxOptions {
  /** Defaults to `dataDirPath()`; the sandbox keeps its files in `<dataDir>/sandbox/`. */
  dataDir?: string;
  log?: Logger;
  /** The redis-server executable; `redis-server` on PATH by default. */
  binary?: string;
  /** How long to wait for another process that is starting the sandbox, in ms. */
  lockWaitMs?: number;
}

/** A running sandbox redis-server, either started by this process (owner) or attached to. */
export interface Sandbox {
  host: typeof SANDBOX_HOST;
  port: number;
  pid: number;
  password: string;
  dir: string;
  isOwner: boolean;
  target: RedisTarget;
  /** The owner stops the server (SIGTERM, waits for exit); for others it does nothing. */
  release(): Promise<void>;
}

const StateSchema = z.object({
  pid: z.number().int().positive(),
  port: z.number().int().min(1).max(65_535),
});
type SandboxState = z.infer<typeof StateSchema>;

const PROBE_DEADLINE_MS = 1_500;
const START_ATTEMPTS = 3;

/** The files of the sandbox under a data folder. */
export function sandboxPaths(dataDir: string) {
  const dir = join(dataDir, 'sandbox');

  return {
    dir,
    password: join(dir, 'password'),
    state: join(dir, 'state.json'),
    lock: join(dir, 'start.lock'),
  };
}

type Paths = ReturnType<typeof sandboxPaths>;

/**
 * Attaches to the sandbox another Dipper process on this machine runs, or starts it. Starting
 * happens under a lock file so that two processes starting at once share one server.
 */
export async function acquireSandbox(options: SandboxOptions = {}): Promise<Result<Sandbox>> {
  const paths = sandboxPaths(options.dataDir ?? dataDirPath());
  const log = options.log ?? createLogger('sandbox');
  const dir = await ensurePrivateDir(paths.dir);
  if (!dir.ok) return dir;

  const attached = await attach(paths);
  if (attached) return ok(attached);

  const locked = await withLockFile(
    paths.lock,
    async (): Promise<Result<Sandbox>> => {
      // Another process may have started it while this one waited for the lock.
      const late = await attach(paths);
      if (late) return ok(late);

      return start(paths, options, log);
    },
    { waitMs: options.lockWaitMs ?? 30_000 },
  );

  return locked.ok ? locked.value : locked;
}

async function attach(paths: Paths): Promise<Sandbox | undefined> {
  const state = await readState(paths.state);
  const password = await readFile(paths.password, 'utf8').catch(() => undefined);
  if (!state || !password || !isPidAlive(state.pid)) return undefined;
  if (!(await answersPing(state.port, password))) return undefined;

  return buildHandle(paths, state, password, false, async () => undefined);
}

async function start(paths: Paths, options: SandboxOptions, log: Logger): Promise<Result<Sandbox>> {
  const password = await readOrCreatePassword(paths.password);
  let proc: RedisProcess | undefined;
  let lastError = '';

  // findFreePort can race with another program taking the port before redis-server binds it.
  for (let attempt = 1; attempt <= START_ATTEMPTS && !proc; attempt++) {
    try {
      proc = await startRedisProcess({
        dir: paths.dir,
        password,
        appendOnly: true,
        binary: options.binary,
      });
    } catch (error) {
      lastError = (error as Error).message;
      if (lastError.includes('not found on PATH')) break;
    }
  }
  if (!proc) return fail('REDIS_UNAVAILABLE', `cannot start the sandbox: ${lastError}`);

  const started = proc;
  const state = { pid: started.pid, port: started.port };
  try {
    await writeFileAtomic(paths.state, `${JSON.stringify(state)}\n`, 0o600);
  } catch (error) {
    await started.stop();
    return fail('INTERNAL', `cannot write ${paths.state}: ${(error as Error).message}`);
  }
  log.info('sandbox started', { port: state.port, pid: state.pid, dir: paths.dir });

  let isReleased = false;
  started.child.once('exit', (code, signal) => {
    if (!isReleased) log.error('sandbox redis-server exited', { code, signal, pid: state.pid });
  });

  const release = async () => {
    if (isReleased) return;
    isReleased = true;

    // Under the start lock, so a process starting a new sandbox does not lose its state file.
    const stopped = await withLockFile(paths.lock, async () => {
      await started.stop();
      const current = await readState(paths.state);
      if (current?.pid === state.pid) await rm(paths.state, { force: true });
    });
    if (!stopped.ok) await started.stop();
    log.info('sandbox stopped', { port: state.port, pid: state.pid });
  };

  return ok(buildHandle(paths, state, password, true, release));
}

function buildHandle(
  paths: Paths,
  state: SandboxState,
  password: string,
  isOwner: boolean,
  release: () => Promise<void>,
): Sandbox {
  return {
    host: SANDBOX_HOST,
    port: state.port,
    pid: state.pid,
    password,
    dir: paths.dir,
    isOwner,
    target: { kind: 'standalone', options: { host: SANDBOX_HOST, port: state.port, password } },
    release,
  };
}

async function readState(file: string): Promise<SandboxState | undefined> {
  try {
    const parsed = StateSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

// Called under the start lock only, so two processes never write different passwords.
async function readOrCreatePassword(file: string): Promise<string> {
  const existing = await readFile(file, 'utf8').catch(() => '');
  if (existing) return existing;

  const password = randomBytes(24).toString('base64url');
  await writeFileAtomic(file, password, 0o600);

  return password;
}

/** Whether a process with this pid exists (EPERM: it does, under another user). */
export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// A live pid is not enough: the pid may have been reused by an unrelated process.
async function answersPing(port: number, password: string): Promise<boolean> {
  const probe = new Redis({
    host: SANDBOX_HOST,
    port,
    password,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: PROBE_DEADLINE_MS,
    disconnectTimeout: 100,
  });
  probe.on('error', () => undefined);

  const pong = await withDeadline(
    probe.connect().then(() => probe.ping()),
    'sandbox probe',
    PROBE_DEADLINE_MS,
  );
  probe.disconnect();

  return pong.ok && pong.value === 'PONG';
}
