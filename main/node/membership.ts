import type { RedisClient } from '../connection/connection.js';
import type { DipperKeys } from '../connection/keys.js';
import type { Logger } from '../log/logger.js';
import type { NodeInfo } from '../../shared/node.js';

export interface MembershipOptions {
  /** How often this node writes its heartbeat and re-reads the others', in ms. */
  intervalMs: number;
  /** How long a heartbeat stays valid without renewal, in ms. */
  ttlMs: number;
}

export const DEFAULT_MEMBERSHIP: MembershipOptions = { intervalMs: 2_000, ttlMs: 10_000 };

/** Reads the live nodes: ids from the node set, records from their TTL'd keys. */
export async function readNodes(client: RedisClient, keys: DipperKeys): Promise<NodeInfo[]> {
  const ids = (await client.smembers(keys.nodes)).sort();
  if (ids.length === 0) return [];

  const raws = await client.mget(...ids.map((id) => keys.node(id)));
  const live: NodeInfo[] = [];
  const dead: string[] = [];
  ids.forEach((id, i) => {
    const raw = raws[i];
    if (raw) live.push(JSON.parse(raw) as NodeInfo);
    else dead.push(id);
  });
  if (dead.length > 0) await client.srem(keys.nodes, ...dead);

  return live;
}

/**
 * This node's heartbeat, and its view of which nodes are alive. The view changes only when a
 * heartbeat appears or expires, so ownership of schedules moves at most every `ttlMs`.
 */
export function startMembership(
  client: RedisClient,
  keys: DipperKeys,
  describe: () => Omit<NodeInfo, 'lastSeen' | 'clockOffsetMs' | 'heartbeatIntervalMs'>,
  log: Logger,
  options: MembershipOptions = DEFAULT_MEMBERSHIP,
  onChange: (members: string[]) => void = () => undefined,
) {
  let members: string[] = [];
  let clockOffsetMs = 0;
  let timer: NodeJS.Timeout | undefined;
  let isStopped = false;
  const self = describe().id;

  async function beat(): Promise<void> {
    const before = Date.now();
    const [seconds, micros] = await client.time();
    const after = Date.now();
    const redisNow = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    clockOffsetMs = redisNow - Math.round((before + after) / 2);

    const record: NodeInfo = {
      ...describe(),
      lastSeen: redisNow,
      clockOffsetMs,
      heartbeatIntervalMs: options.intervalMs,
    };
    await client.set(keys.node(self), JSON.stringify(record), 'PX', options.ttlMs);
    await client.sadd(keys.nodes, self);

    const next = (await readNodes(client, keys)).map((n) => n.id).sort();
    if (next.join(',') !== members.join(',')) {
      members = next;
      log.info('node membership changed', { members });
      onChange(members);
    }
  }

  function loop(): void {
    beat()
      .catch((error: Error) => log.warn('heartbeat failed', { error: error.message }))
      .finally(() => {
        if (!isStopped) timer = setTimeout(loop, options.intervalMs);
      });
  }

  return {
    /** Writes the first heartbeat and reads the members before the producer starts. */
    async start(): Promise<void> {
      await beat();
      timer = setTimeout(loop, options.intervalMs);
    },
    /** Writes the heartbeat now, so that a change to what it describes shows at once. */
    beatNow: (): Promise<void> => beat(),
    members: () => members,
    clockOffsetMs: () => clockOffsetMs,
    async stop(): Promise<void> {
      isStopped = true;
      clearTimeout(timer);
      await client.del(keys.node(self)).catch(() => undefined);
      await client.srem(keys.nodes, self).catch(() => undefined);
    },
  };
}

export type Membership = ReturnType<typeof startMembership>;
