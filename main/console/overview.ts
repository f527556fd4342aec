import { DEFAULT_MEMBERSHIP, readNodes } from '../node/membership.js';
import type { QueueSummary } from '../../shared/api/dto.js';
import type { NodeInfo } from '../../shared/node.js';
import { createPauseStore } from './pauses.js';
import { discoverQueues } from './queue-discovery.js';
import { readQueueSummaries } from './queue-summary.js';
import type { ConsoleSession } from './session.js';

/** Heartbeats a node may miss before the console calls it not live. */
const MISSED_BEATS = 2;

/**
 * Heartbeat records of the nodes on the profile. A record stays in Redis until its TTL
 * expires; `live` is false once a node has missed two heartbeats (Redis time), which shows a
 * stuck or suspended node before its record disappears.
 */
export async function readNodeList(
  session: ConsoleSession,
): Promise<(NodeInfo & { live: boolean })[]> {
  const { client } = session.node.connection;
  const [nodes, [seconds, micros]] = await Promise.all([
    readNodes(client, session.node.keys),
    client.time(),
  ]);
  const redisNowMs = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);

  return nodes.map((node) => {
    const intervalMs = node.heartbeatIntervalMs ?? DEFAULT_MEMBERSHIP.intervalMs;
    return { ...node, live: redisNowMs - node.lastSeen <= MISSED_BEATS * intervalMs };
  });
}

/** Every Bull queue on the profile with its counts, pause and workers. */
export async function listQueueSummaries(
  session: ConsoleSession,
  nodes?: NodeInfo[],
): Promise<QueueSummary[]> {
  const { client, prefix } = session.node.connection;
  const store = createPauseStore(client, prefix);
  const [schedules, knownNodes, pauses, localPauses] = await Promise.all([
    session.node.store.list(),
    nodes ?? readNodes(client, session.node.keys),
    store.all(),
    store.allLocal(),
  ]);
  const names = await discoverQueues({
    client,
    prefix,
    schedules,
    nodes: knownNodes,
    paused: pauses.keys(),
  });

  return readQueueSummaries({ client, prefix, names, pauses, localPauses, nodes: knownNodes });
}

/** One queue's summary, also when it has no keys yet. */
export async function queueSummary(session: ConsoleSession, queue: string): Promise<QueueSummary> {
  const { client, prefix } = session.node.connection;
  const store = createPauseStore(client, prefix);
  const [nodes, pause, localPauses] = await Promise.all([
    readNodes(client, session.node.keys),
    store.get(queue),
    store.allLocal(),
  ]);
  const pauses = new Map(pause ? [[queue, pause]] : []);
  const [summary] = await readQueueSummaries({
    client,
    prefix,
    names: [queue],
    pauses,
    localPauses,
    nodes,
  });
  if (!summary) throw new Error(`no summary for queue "${queue}"`);

  return summary;
}
