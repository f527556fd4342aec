import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkConnection } from '../../../main/connection/checks.js';
import { createRedisClient, type RedisClient } from '../../../main/connection/connection.js';
import { findFreePort } from '../../../main/connection/redis-process.js';
import {
  startTestCluster,
  startTestRedis,
  type TestCluster,
  type TestRedis,
} from '../../harness/redis.js';
import { silentLog } from './silent-log.js';

describe('checkConnection', () => {
  describe('on a standalone server', () => {
    let redis: TestRedis;
    let bare: TestRedis;
    let client: RedisClient;
    let bareClient: RedisClient;

    const connect = (port: number) =>
      createRedisClient(
        { kind: 'standalone', options: { host: '127.0.0.1', port } },
        silentLog,
        'check',
      );

    beforeAll(async () => {
      // Turning AOF on at run time starts a rewrite that blocks shutdown; use two servers.
      [redis, bare] = await Promise.all([startTestRedis(), startTestRedis({ appendOnly: false })]);
      client = connect(redis.port);
      bareClient = connect(bare.port);
    });

    afterEach(async () => {
      await client.config('SET', 'maxmemory-policy', 'noeviction');
      await bareClient.config('SET', 'save', '');
    });

    afterAll(async () => {
      client.disconnect();
      bareClient.disconnect();
      await Promise.all([redis.stop(), bare.stop()]);
    });

    describe('when it is set up for queues', () => {
      it('reports version, policy, persistence, round trip and clock offset without warnings', async () => {
        const result = await checkConnection(client, { shared: true });
        if (!result.ok) throw new Error(result.message);
        const report = result.value;

        expect(report).toMatchObject({
          kind: 'standalone',
          maxmemoryPolicy: 'noeviction',
          persistence: { aofEnabled: true, rdbSave: '' },
          warnings: [],
        });
        expect(report.redisVersion).toMatch(/^7\.\d+\.\d+$/);
        expect(report.servers.map((s) => s.address)).toEqual([`127.0.0.1:${redis.port}`]);
        expect(report.rttMs).toBeGreaterThan(0);
        expect(report.rttMs).toBeLessThan(50);
        expect(Math.abs(report.clockOffsetMs)).toBeLessThan(50);
      });
    });

    describe('when maxmemory-policy is allkeys-lru', () => {
      it('warns that Redis may evict jobs and locks', async () => {
        await client.config('SET', 'maxmemory-policy', 'allkeys-lru');

        const result = await checkConnection(client, { shared: false });

        expect(result).toMatchObject({
          ok: true,
          value: {
            maxmemoryPolicy: 'allkeys-lru',
            warnings: [
              `maxmemory-policy is allkeys-lru on 127.0.0.1:${redis.port}; queues need ` +
                `noeviction, or Redis evicts Bull's jobs and locks when memory runs out`,
            ],
          },
        });
      });
    });

    describe('when neither AOF nor RDB snapshots are on', () => {
      it('warns for a shared profile and not for the sandbox', async () => {
        const shared = await checkConnection(bareClient, { shared: true });
        const sandbox = await checkConnection(bareClient, { shared: false });

        expect(shared.ok && shared.value.warnings).toEqual([
          `neither AOF nor RDB snapshots are enabled on 127.0.0.1:${bare.port}; ` +
            'queued jobs and schedules are lost when Redis restarts',
        ]);
        expect(sandbox.ok && sandbox.value.warnings).toEqual([]);
        expect(shared.ok && shared.value.persistence).toEqual({ aofEnabled: false, rdbSave: '' });
      });
    });

    describe('when RDB snapshots are on', () => {
      it('reports the save schedule and does not warn', async () => {
        await bareClient.config('SET', 'save', '3600 1');

        const result = await checkConnection(bareClient, { shared: true });

        expect(result).toMatchObject({
          ok: true,
          value: { persistence: { aofEnabled: false, rdbSave: '3600 1' }, warnings: [] },
        });
      });
    });
  });

  describe('when this machine clock is behind Redis', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('reports the offset and warns', async () => {
      // A frozen clock makes the local midpoint exact.
      vi.useFakeTimers({ toFake: ['Date'] });
      const aheadMs = 2_000;
      const fake = {
        options: { host: 'fake', port: 1 },
        info: async () => 'redis_version:7.2.4\r\nmaxmemory_policy:noeviction\r\naof_enabled:1\r\n',
        config: async () => ['save', ''],
        ping: async () => 'PONG',
        time: async () => {
          const ms = Date.now() + aheadMs;
          return [String(Math.floor(ms / 1_000)), String((ms % 1_000) * 1_000)];
        },
      } as unknown as Redis;

      const result = await checkConnection(fake, { shared: true });
      if (!result.ok) throw new Error(result.message);

      expect(result.value.clockOffsetMs).toBe(aheadMs);
      expect(result.value.warnings).toEqual([
        "this machine's clock is 2000 ms behind fake:1; Ticks fire off by that much until " +
          'the clock is synchronised (NTP)',
      ]);
    });
  });

  describe('on a cluster of three masters', () => {
    let cluster: TestCluster;
    let client: RedisClient;

    beforeAll(async () => {
      cluster = await startTestCluster(3);
      client = createRedisClient(
        {
          kind: 'cluster',
          nodes: cluster.ports.map((port) => ({ host: '127.0.0.1', port })),
          options: {},
        },
        silentLog,
        'check',
      );
    });

    afterAll(async () => {
      client.disconnect();
      await cluster.stop();
    });

    it('asks every master and reports the worst', async () => {
      const [, second] = cluster.ports;
      const direct = new Redis({ host: '127.0.0.1', port: second ?? 0 });
      await direct.config('SET', 'maxmemory-policy', 'volatile-lru');
      direct.disconnect();

      const result = await checkConnection(client, { shared: true });
      if (!result.ok) throw new Error(result.message);
      const report = result.value;

      expect(report.kind).toBe('cluster');
      expect(report.servers.map((s) => s.address).sort()).toEqual(
        cluster.ports.map((port) => `127.0.0.1:${port}`).sort(),
      );
      expect(report.maxmemoryPolicy).toBe('volatile-lru');
      expect(report.warnings.filter((w) => w.startsWith('maxmemory-policy'))).toEqual([
        `maxmemory-policy is volatile-lru on 127.0.0.1:${second}; queues need noeviction, ` +
          `or Redis evicts Bull's jobs and locks when memory runs out`,
      ]);
      // The test cluster runs without AOF or snapshots: one warning per master.
      expect(report.warnings.filter((w) => w.startsWith('neither'))).toHaveLength(3);
    });
  });

  describe('when nothing listens on the port', () => {
    it('returns REDIS_UNAVAILABLE within the deadline instead of hanging', async () => {
      const port = await findFreePort();
      const client = createRedisClient(
        { kind: 'standalone', options: { host: '127.0.0.1', port } },
        silentLog,
        'check',
      );
      const startedAt = Date.now();

      const result = await checkConnection(client, { shared: true, deadlineMs: 300 });
      const elapsedMs = Date.now() - startedAt;
      client.disconnect();

      expect(result).toEqual({
        ok: false,
        code: 'REDIS_UNAVAILABLE',
        message: 'connection check did not finish within 300 ms; is Redis reachable?',
      });
      expect(elapsedMs).toBeGreaterThanOrEqual(290);
      expect(elapsedMs).toBeLessThan(1_000);
    });
  });
});
