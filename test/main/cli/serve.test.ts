import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniquePrefix, useTestRedis } from '../../harness/redis.js';
import { runCli } from './run-cli.js';

describe('dipper serve', () => {
  const t = useTestRedis();
  let rendererDir: string;
  let busy: Server;
  let busyPort: number;

  beforeAll(async () => {
    rendererDir = await mkdtemp(join(tmpdir(), 'dipper-cli-serve-'));
    await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Dipper</title>');
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    busyPort = (busy.address() as { port: number }).port;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => busy.close(() => resolve()));
    await rm(rendererDir, { recursive: true, force: true });
  });

  const serve = (prefix: string, ...args: string[]) =>
    runCli(
      'serve',
      ...args,
      '--redis',
      t.redis.url,
      '--prefix',
      prefix,
      '--renderer-dir',
      rendererDir,
    );

  describe('when the port is taken', () => {
    it('says so and never joins the profile as a node', async () => {
      const prefix = uniquePrefix('serve-busy');

      const run = await serve(prefix, '--port', String(busyPort));

      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        `dipper: CONFLICT: port ${busyPort} on 127.0.0.1 is in use; pass --port N, or --port 0 for any free port\n`,
      );
      // A node that started would have left its queues' and heartbeats' keys behind.
      expect(await t.client.keys(`${prefix}:*`)).toEqual([]);
    });
  });

  describe('when --host is not an address of this machine', () => {
    it('refuses it as bad usage, naming the flag and what it takes', async () => {
      const prefix = uniquePrefix('serve-host');

      // 192.0.2.1 is TEST-NET-1: documentation only, never a local address.
      const run = await serve(prefix, '--host', '192.0.2.1', '--port', '0');

      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        'dipper: BAD_REQUEST: --host 192.0.2.1 is not an address of this machine; expected one it has, such as 127.0.0.1, ::1 or 0.0.0.0\n',
      );
      expect(await t.client.keys(`${prefix}:*`)).toEqual([]);
    });
  });
});
