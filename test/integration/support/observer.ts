import type Bull from 'bull';
import {
  openConnection,
  type RedisClient,
  type RedisTarget,
} from '../../../main/connection/connection.js';
import { dipperKeys, type DipperKeys } from '../../../main/connection/keys.js';
import type { Logger } from '../../../main/log/logger.js';
import { createQueueRegistry } from '../../../main/queues/queue-registry.js';
import { createScheduleStore, type ScheduleStore } from '../../../main/scheduler/schedule-store.js';
import { createTickStore, type TickStore } from '../../../main/scheduler/tick-store.js';

/** The test's own view of a prefix: store, ledger and Bull queues, read as a user would. */
export interface Observer {
  client: RedisClient;
  keys: DipperKeys;
  store: ScheduleStore;
  tickStore: TickStore;
  queue(name: string): Bull.Queue;
  close(): Promise<void>;
}

export function standaloneTarget(port: number): RedisTarget {
  return { kind: 'standalone', options: { host: '127.0.0.1', port } };
}

/** `seeds` as `startTestCluster` gives them: `host:port,host:port`. */
export function clusterTarget(seeds: string): RedisTarget {
  const nodes = seeds.split(',').map((seed) => {
    const [host = '127.0.0.1', port = '0'] = seed.split(':');
    return { host, port: Number(port) };
  });

  return { kind: 'cluster', nodes, options: {} };
}

// The observer's own connection errors (a Redis restart on purpose) are noise in test output.
const quiet: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => quiet,
};

export function openObserver(target: RedisTarget, prefix: string, log: Logger = quiet): Observer {
  const connection = openConnection(target, prefix, log);
  const keys = dipperKeys(prefix);
  const queues = createQueueRegistry(connection, log);

  return {
    client: connection.client,
    keys,
    store: createScheduleStore(connection.client, keys, log),
    tickStore: createTickStore(connection.client, keys),
    queue: (name) => queues.get(name),
    async close() {
      await queues.closeAll();
      await connection.close();
    },
  };
}
