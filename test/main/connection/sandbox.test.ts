import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { acquireSandbox, isPidAlive, type Sandbox } from '../../../main/connection/sandbox.js';

const run = promisify(execFile);

async function connect(sandbox: Sandbox, password?: string): Promise<Redis> {
  const client = new Redis({
    host: '127.0.0.1',
    port: sandbox.port,
    password,
    lazyConnect: true,
    // The ready check's INFO would fail first for the client without a password.
    enableReadyCheck: false,
    maxRetriesPerRequest: 0,
  });
  client.on('error', () => undefined);
  await client.connect();

  return client;
}

async function acquire(): Promise<Sandbox> {
  const result = await acquireSandbox();
  if (!result.ok) throw new Error(result.message);

  return result.value;
}

describe('acquireSandbox', () => {
  let home = '';
  const held: Sandbox[] = [];

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'dipper-home-'));
    vi.stubEnv('DIPPER_HOME', home);
    vi.stubEnv('DIPPER_LOG_LEVEL', 'silent');
  });

  afterEach(async () => {
    for (const sandbox of held.splice(0)) await sandbox.release();
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await rm(home, { recursive: true, force: true });
  });

  it('starts a password-protected, loopback-only server with AOF and noeviction', async () => {
    const sandbox = await acquire();
    held.push(sandbox);
    const anonymous = await connect(sandbox);
    const client = await connect(sandbox, sandbox.password);

    await expect(anonymous.ping()).rejects.toThrow(/NOAUTH/);
    expect(await client.ping()).toBe('PONG');
    expect(await client.config('GET', 'bind')).toEqual(['bind', '127.0.0.1']);
    expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
    expect(await client.config('GET', 'appendfsync')).toEqual(['appendfsync', 'everysec']);
    expect(await client.config('GET', 'maxmemory-policy')).toEqual([
      'maxmemory-policy',
      'noeviction',
    ]);
    expect(await client.config('GET', 'dir')).toEqual(['dir', join(home, 'sandbox')]);
    anonymous.disconnect();
    client.disconnect();

    const passwordFile = join(home, 'sandbox', 'password');
    expect(sandbox.isOwner).toBe(true);
    expect(sandbox.password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await readFile(passwordFile, 'utf8')).toBe(sandbox.password);
    expect((await stat(passwordFile)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(join(home, 'sandbox', 'state.json'), 'utf8'))).toEqual({
      pid: sandbox.pid,
      port: sandbox.port,
    });
  });

  it('keeps the password out of the process list', async () => {
    const sandbox = await acquire();
    held.push(sandbox);

    const { stdout } = await run('ps', ['-o', 'args=', '-p', String(sandbox.pid)]);

    expect(stdout).toContain('redis-server');
    expect(stdout).not.toContain(sandbox.password);
  });

  describe('when a sandbox is already running', () => {
    it('attaches to it instead of starting another', async () => {
      const owner = await acquire();
      held.push(owner);

      const second = await acquire();
      await second.release();

      expect(second).toMatchObject({ isOwner: false, port: owner.port, pid: owner.pid });
      const client = await connect(owner, owner.password);
      expect(await client.ping()).toBe('PONG');
      client.disconnect();
    });

    it('attaches from another process too', async () => {
      const owner = await acquire();
      held.push(owner);
      const script = [
        `const { acquireSandbox } = await import(${JSON.stringify(modulePath())});`,
        'const r = await acquireSandbox();',
        'process.stdout.write(JSON.stringify(r.ok ? { port: r.value.port, isOwner: r.value.isOwner } : r));',
      ].join('\n');

      const { stdout } = await run(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', script],
        {
          env: { ...process.env, DIPPER_HOME: home },
        },
      );

      expect(JSON.parse(stdout)).toEqual({ port: owner.port, isOwner: false });
    });
  });

  describe('when two acquires race to start it', () => {
    it('starts one server and the other attaches', async () => {
      const [a, b] = await Promise.all([acquire(), acquire()]);
      held.push(a, b);

      expect(a.port).toBe(b.port);
      expect([a.isOwner, b.isOwner].sort()).toEqual([false, true]);
    });
  });

  describe('when the owner releases it', () => {
    it('stops the server, and the next acquire finds the data kept', async () => {
      const first = await acquire();
      const client = await connect(first, first.password);
      await client.set('kept', 'yes');
      client.disconnect();

      await first.release();

      expect(isPidAlive(first.pid)).toBe(false);
      await expect(stat(join(home, 'sandbox', 'state.json'))).rejects.toThrow(/ENOENT/);

      const second = await acquire();
      held.push(second);
      const again = await connect(second, second.password);
      expect(second.isOwner).toBe(true);
      expect(second.password).toBe(first.password);
      expect(await again.get('kept')).toBe('yes');
      again.disconnect();
    });
  });

  describe('when the state file names a process that has died', () => {
    it('starts a new server', async () => {
      const dead = await acquire();
      await dead.release();
      await writeFile(
        join(home, 'sandbox', 'state.json'),
        JSON.stringify({ pid: dead.pid, port: dead.port }),
      );

      const fresh = await acquire();
      held.push(fresh);

      expect(fresh.isOwner).toBe(true);
      expect(fresh.pid).not.toBe(dead.pid);
    });
  });

  describe('when redis-server is not installed', () => {
    it('says so and names the install command', async () => {
      const emptyHome = await mkdtemp(join(tmpdir(), 'dipper-home-'));
      const path = process.env.PATH ?? '';
      vi.stubEnv('PATH', emptyHome);

      const result = await acquireSandbox({ dataDir: emptyHome });
      vi.stubEnv('PATH', path);
      await rm(emptyHome, { recursive: true, force: true });

      expect(result).toMatchObject({ ok: false, code: 'REDIS_UNAVAILABLE' });
      expect(!result.ok && result.message).toContain(
        'redis-server was not found on PATH; install it with: sudo apt-get install -y redis-server',
      );
    });
  });
});

function modulePath(): string {
  return new URL('../../../main/connection/sandbox.ts', import.meta.url).pathname;
}
