import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

/** What to start: a loopback-only redis-server with its files in `dir`. */
export interface RedisProcessOptions {
  dir: string;
  port?: number;
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
  stop(): Promise<void>;
}

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

function buildArgs(options: RedisProcessOptions, port: number): string[] {
  const args = [
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

  if (options.password) args.push('--requirepass', options.password);
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

/** Starts redis-server and resolves once it answers PING. */
export async function startRedisProcess(options: RedisProcessOptions): Promise<RedisProcess> {
  const port = options.port ?? (await findFreePort());
  const binary = options.binary ?? 'redis-server';
  const child = spawn(binary, buildArgs(options, port), { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
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
  }

  return {
    port,
    pid: child.pid ?? -1,
    child,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
