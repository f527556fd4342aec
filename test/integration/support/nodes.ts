import { readNodes } from '../../../main/node/membership.js';
import { startNodeProcess, type NodeProcess } from '../../harness/node-process.js';
import { waitFor } from '../../harness/wait.js';
import type { Observer } from './observer.js';

/**
 * Starts one `dipper node` per id, in parallel, with `common` flags (connection, prefix, timings)
 * plus `--node-id`. If any fails to start, the others are killed and the error is rethrown.
 */
export async function startNodeProcesses(
  nodeIds: readonly string[],
  common: readonly string[],
): Promise<NodeProcess[]> {
  const settled = await Promise.allSettled(
    nodeIds.map((id) => startNodeProcess({ args: [...common, '--node-id', id] })),
  );
  const started = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failure = settled.find((s) => s.status === 'rejected');
  if (failure) {
    await Promise.all(started.map((n) => n.kill('SIGKILL')));
    throw failure.reason;
  }

  return started;
}

/**
 * Waits until every node in `nodeIds` has a live heartbeat and has beaten again since all of them
 * were registered: from that beat on, each node's member list, and so its ownership view, is
 * complete.
 */
export async function waitForMembers(
  observer: Observer,
  nodeIds: readonly string[],
  timeoutMs = 20_000,
): Promise<void> {
  const wanted = [...nodeIds].sort().join(',');
  const completeAtMs = await waitFor(
    async () => {
      const live = await readNodes(observer.client, observer.keys);
      return live.map((n) => n.id).join(',') === wanted ? Date.now() : null;
    },
    `nodes ${wanted} to register`,
    timeoutMs,
  );
  await waitFor(
    async () => {
      const live = await readNodes(observer.client, observer.keys);
      return live.length === nodeIds.length && live.every((n) => n.lastSeen > completeAtMs);
    },
    `nodes ${wanted} to beat after all registered`,
    timeoutMs,
  );
}
