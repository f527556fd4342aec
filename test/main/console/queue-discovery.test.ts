import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverQueues, scannedQueues } from '../../../main/console/queue-discovery.js';
import { startTestCluster, type TestCluster } from '../../harness/redis.js';

describe('queue discovery on a cluster', () => {
  let cluster: TestCluster;
  let client: Cluster;

  beforeAll(async () => {
    cluster = await startTestCluster(3);
    client = new Cluster([{ host: '127.0.0.1', port: cluster.ports[0]! }]);
    client.on('error', () => undefined);
  }, 60_000);
  afterAll(async () => {
    client.disconnect();
    await cluster.stop();
  });

  it('finds the queues of a prefix whatever master holds its hash tag', async () => {
    // {a} hashes to slot 15495 and {b} to 3300: the last and the first of three masters.
    for (const key of ['{a}:mail:id', '{a}:billing:id', '{a}:dipper:x:id', '{b}:other:id']) {
      await client.set(key, '1');
    }

    const a = await scannedQueues(client, '{a}');
    const b = await scannedQueues(client, '{b}');
    const all = await discoverQueues({
      client,
      prefix: '{a}',
      schedules: [],
      nodes: [],
      paused: ['held'],
    });

    expect([...a].sort()).toEqual(['billing', 'mail']);
    expect(b).toEqual(['other']);
    expect(all).toEqual([
      'billing',
      'dipper.alerts',
      'dipper.console',
      'dipper.notifications',
      'held',
      'mail',
    ]);
  });
});
