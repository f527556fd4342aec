import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpReceiver, type HttpReceiver } from '../../harness/http-receiver.js';
import { startTestRedis, uniquePrefix, type TestRedis } from '../../harness/redis.js';
import { connectionArgs, runCli } from './run-cli.js';

describe('dipper channels', () => {
  let redis: TestRedis;
  let receiver: HttpReceiver;
  let dir: string;

  beforeAll(async () => {
    redis = await startTestRedis({ appendOnly: false });
    receiver = await startHttpReceiver();
    dir = await mkdtemp(join(tmpdir(), 'dipper-channels-'));
  });

  afterAll(async () => {
    await receiver.close();
    await redis.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /** A profile with a webhook to the receiver (its token in a header) and a WeCom robot. */
  async function seed(prefix: string): Promise<string[]> {
    const doc = {
      version: 1,
      channels: [
        {
          id: 'hook',
          name: 'Test receiver',
          kind: 'webhook',
          url: `${receiver.url}/alerts`,
          headers: { Authorization: 'Bearer s3cret-token' },
        },
        {
          id: 'robot',
          name: 'WeCom robot',
          kind: 'wecom',
          webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcd-1234',
          enabled: false,
        },
      ],
    };
    const file = join(dir, `${prefix}.json`);
    await writeFile(file, JSON.stringify(doc));
    const conn = connectionArgs(redis.url, prefix);
    expect((await runCli('apply', '-f', file, ...conn)).code).toBe(0);

    return conn;
  }

  describe('list', () => {
    it('shows where each channel sends without its secrets', async () => {
      const conn = await seed(uniquePrefix('list'));

      const run = await runCli('channels', 'list', ...conn);
      const json = await runCli('channels', 'list', '--json', ...conn);

      expect(run.stdout).toBe(
        [
          'ID     KIND     NAME           ENABLED  TARGET',
          `hook   webhook  Test receiver  yes      ${receiver.url}/alerts`,
          'robot  wecom    WeCom robot    no       https://qyapi.weixin.qq.com/cgi-bin/webhook/send?...',
          '',
        ].join('\n'),
      );
      expect(json.stdout).not.toContain('s3cret-token');
      expect(json.stdout).not.toContain('abcd-1234');
    });
  });

  describe('test', () => {
    it('sends a test notification and prints what the receiver answered', async () => {
      const conn = await seed(uniquePrefix('test'));
      receiver.answer({ status: 202, body: 'queued' });
      const seen = receiver.requests.length;

      const run = await runCli('channels', 'test', 'hook', ...conn);

      expect(run).toEqual({
        code: 0,
        stderr: '',
        stdout: 'channel "hook": test sent; receiver said HTTP 202 queued\n',
      });
      const request = receiver.requests[seen];
      expect(request?.path).toBe('/alerts');
      expect(request?.headers.authorization).toBe('Bearer s3cret-token');
      expect(request?.body).toMatchObject({ isTest: true, status: 'firing' });
    });

    it('fails with exit code 1 and the receiver status when it refuses', async () => {
      const conn = await seed(uniquePrefix('refused'));
      receiver.answer({ status: 500, body: 'boom' });

      const run = await runCli('channels', 'test', 'hook', ...conn);

      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        `dipper: INTERNAL: channel "hook": POST ${receiver.url}/alerts: answered 500: boom\n`,
      );
      expect(run.stderr).not.toContain('s3cret-token');
    });

    it('tells a host that does not resolve and a port fetch refuses as what to fix', async () => {
      const prefix = uniquePrefix('unreachable');
      const conn = connectionArgs(redis.url, prefix);
      const file = join(dir, `${prefix}.json`);
      const channels = [
        // .invalid never resolves (RFC 6761).
        { id: 'typo', name: 'Typo', kind: 'webhook', url: 'http://hooks.example.invalid/a' },
        { id: 'discard', name: 'Discard', kind: 'webhook', url: 'http://127.0.0.1:9/a' },
      ];
      await writeFile(file, JSON.stringify({ version: 1, channels }));
      expect((await runCli('apply', '-f', file, ...conn)).code).toBe(0);

      const typo = await runCli('channels', 'test', 'typo', ...conn);
      const discard = await runCli('channels', 'test', 'discard', ...conn);

      expect(typo).toEqual({
        code: 1,
        stdout: '',
        stderr:
          'dipper: NOT_FOUND: channel "typo": POST http://hooks.example.invalid/a: request failed: ' +
          'getaddrinfo ENOTFOUND hooks.example.invalid; the host hooks.example.invalid does not ' +
          'resolve: check the URL\n',
      });
      expect(discard).toEqual({
        code: 1,
        stdout: '',
        stderr:
          'dipper: BAD_REQUEST: channel "discard": POST http://127.0.0.1:9/a: request failed: bad ' +
          'port; the port is one that fetch refuses to call (such as 25 or 6667): use another port\n',
      });
    });

    it('fails with NOT_FOUND for an unknown channel, listing the configured ones', async () => {
      const conn = await seed(uniquePrefix('unknown'));

      const run = await runCli('channels', 'test', 'pager', ...conn);

      expect(run).toEqual({
        code: 1,
        stdout: '',
        stderr: 'dipper: NOT_FOUND: no channel "pager"; configured: hook, robot\n',
      });
    });
  });
});
