import { Cluster, Redis, type ClusterNode, type RedisOptions } from 'ioredis';
import type { Logger } from '../log/logger.js';

/** Either kind of ioredis client; Bull and Dipper use both the same way. */
export type RedisClient = Redis | Cluster;

/** Where Redis is, after a profile has been resolved (sandbox started, secrets read). */
export type RedisTarget =
  | { kind: 'standalone'; options: RedisOptions }
  | { kind: 'cluster'; nodes: ClusterNode[]; options: RedisOptions };

/** The clients one process uses: a command client and a subscriber shared by every queue. */
export interface Connection {
  target: RedisTarget;
  /** Key prefix for Dipper's own keys and Bull's; carries a `{hash tag}` on a cluster. */
  prefix: string;
  client: RedisClient;
  subscriber: RedisClient;
  /** Bull's `createClient`: shares client and subscriber, opens a new blocking client. */
  createBullClient(type: 'client' | 'subscriber' | 'bclient'): RedisClient;
  close(): Promise<void>;
}

// Bull 4 refuses blocking and subscriber connections with retries or a ready check, and a
// command must wait out a restart rather than fail half-way through a Lua-backed operation.
// Callers that a person waits on wrap calls in a deadline instead (see deadline.ts).
const BULL_SAFE: RedisOptions = {
  maxRetriesPerRequest: null,
  enableReadyCheck: false,
  retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 6), 3_000),
};

/** Opens a new ioredis client for the target; `role` names it in logs and errors. */
export function createRedisClient(target: RedisTarget, log: Logger, role: string): RedisClient {
  const options: RedisOptions = {
    ...target.options,
    ...BULL_SAFE,
    connectionName: `dipper:${role}`,
  };
  const client =
    target.kind === 'cluster'
      ? new Cluster(target.nodes, {
          redisOptions: options,
          clusterRetryStrategy: BULL_SAFE.retryStrategy,
          enableReadyCheck: false,
          // ioredis re-sends commands that hit a moved slot or a failed-over master.
          retryDelayOnFailover: 200,
        })
      : new Redis(options);
  let isDown = false;

  client.on('error', (error: Error) => {
    if (!isDown) log.warn('redis connection error', { role, error: error.message });
    isDown = true;
  });
  client.on('ready', () => {
    if (isDown) log.info('redis connection restored', { role });
    isDown = false;
  });

  return client;
}

/** Opens the shared client and subscriber for one process. */
export function openConnection(target: RedisTarget, prefix: string, log: Logger): Connection {
  const client = createRedisClient(target, log, 'client');
  const subscriber = createRedisClient(target, log, 'subscriber');
  const blocking = new Set<RedisClient>();

  return {
    target,
    prefix,
    client,
    subscriber,
    createBullClient(type) {
      if (type === 'client') return client;
      if (type === 'subscriber') return subscriber;

      // Kept until close(): Bull ends and reconnects a blocking client on every pause, so an
      // 'end' event does not mean the client is gone for good.
      const bclient = createRedisClient(target, log, 'bclient');
      blocking.add(bclient);

      return bclient;
    },
    async close() {
      const all = [client, subscriber, ...blocking];
      // QUIT waits in the offline queue while Redis is down; give it a moment, then cut.
      await Promise.all(
        all.map((c) =>
          Promise.race([c.quit(), new Promise((r) => setTimeout(r, 1_000).unref())])
            .catch(() => undefined)
            .finally(() => c.disconnect()),
        ),
      );
      blocking.clear();
    },
  };
}
