import { openConnection, type Connection } from '../../../main/connection/connection.js';
import type { Logger } from '../../../main/log/logger.js';
import {
  createQueueRegistry,
  type QueueRegistry,
  type QueueSettings,
} from '../../../main/queues/queue-registry.js';
import { uniquePrefix } from '../../harness/redis.js';

/** A logger that drops everything: the behaviour under test is in Redis, not in logs. */
export const quietLog: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => quietLog,
};

/** One node's view of a test redis-server: a connection and a queue registry. */
export interface TestNode {
  connection: Connection;
  registry: QueueRegistry;
  close(): Promise<void>;
}

export function openTestNode(port: number, prefix: string, settings?: QueueSettings): TestNode {
  const connection = openConnection(
    { kind: 'standalone', options: { host: '127.0.0.1', port } },
    prefix,
    quietLog,
  );
  const registry = createQueueRegistry(connection, quietLog, settings);

  return {
    connection,
    registry,
    close: async () => {
      await registry.closeAll();
      await connection.close();
    },
  };
}

export { uniquePrefix };

/** Resolves once `check` returns true; polls every 20 ms and fails after `timeoutMs`. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;

  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
