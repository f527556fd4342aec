import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startTestRedis, type TestRedis } from '../../harness/redis.js';
import { startRedisProcess } from '../../../main/connection/redis-process.js';

describe('startRedisProcess', () => {
  let redis: TestRedis;

  beforeAll(async () => {
    redis = await startTestRedis();
  });

  afterAll(async () => {
    await redis.stop();
  });

  it('starts a loopback server with noeviction and keeps AOF data across a restart', async () => {
    const client = new Redis(redis.port, '127.0.0.1');
    await client.set('kept', 'yes');
    const policy = await client.config('GET', 'maxmemory-policy');
    client.disconnect();

    await redis.restart();

    const again = new Redis(redis.port, '127.0.0.1');
    expect(policy).toEqual(['maxmemory-policy', 'noeviction']);
    expect(await again.get('kept')).toBe('yes');
    again.disconnect();
  });

  describe('when the binary is missing', () => {
    it('names the install command', async () => {
      await expect(
        startRedisProcess({ dir: '/tmp', binary: 'redis-server-not-installed' }),
      ).rejects.toThrow(/not found on PATH; install it with: sudo apt-get install -y redis-server/);
    });
  });
});
