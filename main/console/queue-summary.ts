import type { RedisClient } from '../connection/connection.js';
import type { JobState, PauseInfo, QueueSummary, WorkerInfo } from '../../shared/api/dto.js';
import type { NodeInfo } from '../../shared/node.js';
import { scanTargets } from './queue-discovery.js';

/** Each console job state: its Bull key suffix and whether that key is a list or a zset. */
export const STATE_KEYS: Record<JobState, { suffix: string; kind: 'list' | 'zset' }> = {
  waiting: { suffix: 'wait', kind: 'list' },
  active: { suffix: 'active', kind: 'list' },
  delayed: { suffix: 'delayed', kind: 'zset' },
  failed: { suffix: 'failed', kind: 'zset' },
  completed: { suffix: 'completed', kind: 'zset' },
  paused: { suffix: 'paused', kind: 'list' },
};

const STATES = Object.keys(STATE_KEYS) as JobState[];

/** The Redis key of a queue's state: `<prefix>:<queue>:<suffix>`. */
export const stateKey = (prefix: string, queue: string, state: JobState): string =>
  `${prefix}:${queue}:${STATE_KEYS[state].suffix}`;

/** Bull's name for the blocking connection of a worker on `queue` (CLIENT SETNAME). */
export const workerClientName = (prefix: string, queue: string): string =>
  `${prefix}:${Buffer.from(queue).toString('base64')}`;

/** CLIENT LIST lines as field maps. */
export function parseClientList(text: string): Map<string, string>[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const fields = new Map<string, string>();
      for (const pair of line.trim().split(' ')) {
        const at = pair.indexOf('=');
        if (at > 0) fields.set(pair.slice(0, at), pair.slice(at + 1));
      }
      return fields;
    });
}

/** Every client connection, from every master of a cluster. */
async function clientList(client: RedisClient): Promise<Map<string, string>[]> {
  const lists = await Promise.all(
    scanTargets(client).map((target) => target.client('LIST') as Promise<string>),
  );
  return lists.flatMap(parseClientList);
}

/** Bull workers of the queue: connections carrying Bull's worker name for it. */
export async function readWorkers(
  client: RedisClient,
  prefix: string,
  queue: string,
): Promise<WorkerInfo[]> {
  const name = workerClientName(prefix, queue);

  return (await clientList(client))
    .filter((fields) => fields.get('name') === name)
    .map((fields) => ({
      name: queue,
      addr: fields.get('addr') ?? '',
      ageSec: Number(fields.get('age') ?? 0),
      idleSec: Number(fields.get('idle') ?? 0),
    }));
}

/**
 * Counts, pause and workers of each queue: one pipeline of LLEN/ZCARD per state plus the
 * paused flags, and one CLIENT LIST. A key of the wrong type counts 0 rather than failing all.
 */
export async function readQueueSummaries(options: {
  client: RedisClient;
  prefix: string;
  names: string[];
  pauses: Map<string, PauseInfo>;
  /** Who paused a queue on one node and why, by queue then node id; shown while it holds. */
  localPauses?: Map<string, Map<string, PauseInfo>>;
  nodes: NodeInfo[];
}): Promise<QueueSummary[]> {
  const { client, prefix, names } = options;
  if (names.length === 0) return [];

  const pipeline = client.pipeline();
  for (const queue of names) {
    for (const state of STATES) {
      const key = stateKey(prefix, queue, state);
      if (STATE_KEYS[state].kind === 'list') pipeline.llen(key);
      else pipeline.zcard(key);
    }
    pipeline.exists(`${prefix}:${queue}:meta-paused`);
  }
  const [replies, clients] = await Promise.all([pipeline.exec(), clientList(client)]);
  const workers = new Map<string, number>();
  for (const fields of clients) {
    const name = fields.get('name');
    if (name) workers.set(name, (workers.get(name) ?? 0) + 1);
  }

  const perQueue = STATES.length + 1;
  return names.map((queue, q) => {
    const value = (i: number) => {
      const [error, reply] = replies?.[q * perQueue + i] ?? [null, 0];
      return error ? 0 : Number(reply);
    };
    const counts = Object.fromEntries(STATES.map((state, i) => [state, value(i)])) as Record<
      JobState,
      number
    >;
    const pausedOnNodes = options.nodes
      .filter((node) => node.pausedQueues?.includes(queue))
      .map((node) => node.id)
      .sort();
    const known = options.localPauses?.get(queue);
    const localPauses = Object.fromEntries(
      pausedOnNodes.flatMap((nodeId) => {
        const pause = known?.get(nodeId);
        return pause ? [[nodeId, pause]] : [];
      }),
    );
    return {
      name: queue,
      counts,
      paused: value(STATES.length) === 1,
      pause: options.pauses.get(queue) ?? null,
      pausedOnNodes,
      localPauses,
      workers: workers.get(workerClientName(prefix, queue)) ?? 0,
    };
  });
}
