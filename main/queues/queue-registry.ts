import Bull from 'bull';
import type { Connection, RedisClient } from '../connection/connection.js';
import type { Logger } from '../log/logger.js';

/** Timing knobs for Bull's stalled-job recovery, in ms. */
export interface QueueSettings {
  lockDurationMs: number;
  stalledIntervalMs: number;
}

export const DEFAULT_QUEUE_SETTINGS: QueueSettings = {
  lockDurationMs: 30_000,
  stalledIntervalMs: 30_000,
};

/** One Bull queue object per queue name per process, all on the shared connection. */
export interface QueueRegistry {
  get(name: string): Bull.Queue;
  names(): string[];
  /** Closes every queue; with `waitForActiveJobs`, after the jobs this process runs finish. */
  closeAll(waitForActiveJobs?: boolean): Promise<void>;
}

export function createQueueRegistry(
  connection: Connection,
  log: Logger,
  settings: QueueSettings = DEFAULT_QUEUE_SETTINGS,
): QueueRegistry {
  const queues = new Map<string, Bull.Queue>();

  return {
    get(name) {
      const existing = queues.get(name);
      if (existing) return existing;

      const blocking: RedisClient[] = [];
      let isClosed = false;
      const queue = new Bull(name, {
        prefix: connection.prefix,
        createClient: (type) => {
          const client = connection.createBullClient(type);
          if (type !== 'bclient') return client;

          // Bull's pause and close end the blocking client and connect it again, after which
          // the connection no longer tracks it: once the queue is closed it is ours to end.
          // Ending it mid-connect would reject a connect() Bull may never await, so a client
          // still connecting is ended once it is ready.
          client.on('ready', () => {
            if (isClosed) setImmediate(() => client.disconnect());
          });
          blocking.push(client);
          return client;
        },
        settings: {
          lockDuration: settings.lockDurationMs,
          stalledInterval: settings.stalledIntervalMs,
          // A job counts as stalled twice before it fails: one lost lock is usually a restart.
          maxStalledCount: 2,
        },
      });
      queue.on('error', (error: Error) =>
        log.warn('queue error', { queue: name, error: error.message }),
      );
      // A closed queue takes no work: the next get() opens a fresh one.
      queue.once('close', () => {
        isClosed = true;
        for (const client of blocking) if (client.status === 'ready') client.disconnect();
        if (queues.get(name) === queue) queues.delete(name);
      });
      queues.set(name, queue);

      return queue;
    },
    names: () => [...queues.keys()],
    async closeAll(waitForActiveJobs = false) {
      // Bull's close() would quit the shared client and subscriber; the connection owns those.
      await Promise.all(
        [...queues.values()].map((q) => q.close(!waitForActiveJobs).catch(() => undefined)),
      );
      queues.clear();
    },
  };
}
