import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/** What to start: a loopback-only redis-server with its files in `dir`. */
export interface RedisProcessOptions {
  dir: string;
  port?: number;
  /** `requirepass`; handed over in a short-lived 0600 file in `dir`, never on the command line. */
  password?: string;
  appendOnly?: boolean;
  clusterEnabled?: boolean;
  /** Extra `--name value` pairs passed to redis-server. */
  extraArgs?: string[];
  binary?: string;
}

/** A running redis-server child process. */
export interface RedisProcess {
  port: number;
  pid: number;
  child: ChildProcess;
  /** SIGTERM, then SIGKILL if it has not exited after STOP_GRACE_MS; resolves on exit. */
  stop(): Promise<void>;
}

/** How long `stop()` waits after SIGTERM before it sends SIGKILL, in ms. */
export const STOP_GRACE_MS = 10_000;

/** The install hint shown when redis-server is missing. */
export function redisInstallHint(): string {
  if (process.platform === 'darwin') return 'brew install redis';
  if (process.platform === 'win32')
    return 'install Redis through WSL: sudo apt-get install redis-server';

  return 'sudo apt-get install -y redis-server';
}

/** Asks the OS for a free loopback port. */
export async function findFreePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();

  if (address === null || typeof address === 'string') throw new Error('no port from listen(0)');

  return address.port;
}

function buildArgs(options: RedisProcessOptions, port: number, configFile?: string): string[] {
  // redis-server reads a config file only as its first argument.
  const args = [
    ...(configFile ? [configFile] : []),
    '--bind',
    '127.0.0.1',
    '--port',
    String(port),
    '--dir',
    options.dir,
    '--daemonize',
    'no',
    '--save',
    '',
    '--maxmemory-policy',
    'noeviction',
    '--appendonly',
    options.appendOnly ? 'yes' : 'no',
    '--appendfsync',
    'everysec',
    '--loglevel',
    'warning',
    '--logfile',
    '',
  ];

  if (options.clusterEnabled) {
    args.push('--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`);
  }

  return [...args, ...(options.extraArgs ?? [])];
}

async function waitForPing(port: number, password: string | undefined, child: ChildProcess) {
  const deadline = Date.now() + 10_000;

  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}`);

    const probe = new Redis({
      port,
      host: '127.0.0.1',
      password,
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      // A probe refused before connecting otherwise holds the event loop open for 2 s.
      disconnectTimeout: 100,
    });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      await probe.ping();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      probe.disconnect();
    }
  }

  throw new Error(`redis-server on port ${port} did not answer PING within 10 s`);
}

// The password goes into a 0600 config file rather than argv, where `ps` shows it to every
// user of the machine. redis-server reads the file once at start-up; it is removed after.
async function writePasswordConfig(dir: string, port: number, password: string): Promise<string> {
  const file = join(dir, `.requirepass-${port}.conf`);
  const quoted = password
    .replace(/[\\"]/g, (c) => `\\${c}`)
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r');
  await writeFile(file, `requirepass "${quoted}"\n`, { mode: 0o600 });

  return file;
}

// Servers this process started and has not seen exit. Being in their own process group, they
// would outlive a process that exits without stopping them (process.exit after a second
// Ctrl-C, an uncaught error); they get SIGTERM as it exits.
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGTERM');
});

/** Starts redis-server and resolves once it answers PING. */
export async function startRedisProcess(options: RedisProcessOptions): Promise<RedisProcess> {
  const port = options.port ?? (await findFreePort());
  const binary = options.binary ?? 'redis-server';
  const configFile = options.password
    ? await writePasswordConfig(options.dir, port, options.password)
    : undefined;
  const args = buildArgs(options, port, configFile);
  // Its own process group: a terminal's Ctrl-C signals the whole foreground group, and the
  // server must outlive that signal so the node can shut down against it and then stop it.
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let stderr = '';
  // Only the tail is kept: a long-lived server (the sandbox) would otherwise grow it forever.
  const collect = (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2_000));
  child.stderr?.on('data', collect);
  child.stdout?.on('data', collect);
  const spawnError = new Promise<never>((_, reject) =>
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new Error(`${binary} was not found on PATH; install it with: ${redisInstallHint()}`)
          : error,
      ),
    ),
  );

  try {
    await Promise.race([waitForPing(port, options.password, child), spawnError]);
  } catch (error) {
    child.kill('SIGKILL');
    const detail = stderr.trim() ? `: ${stderr.trim().slice(0, 500)}` : '';
    throw new Error(`${(error as Error).message}${detail}`, { cause: error });
  } finally {
    if (configFile) await rm(configFile, { force: true });
  }

  return {
    port,
    pid: child.pid ?? -1,
    child,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;

      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      // redis-server ignores SIGTERM while it writes the first AOF after `appendonly` was turned
      // on at run time ("Writing initial AOF, can't exit"); do not wait for it forever.
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}
