import type { ConsoleHandlers } from '../../../shared/api/contract.js';
import { fail, ok } from '../../../shared/result.js';
import { listQueueSummaries, queueSummary } from '../overview.js';
import { createPauseStore, pauseGlobally, resumeGlobally } from '../pauses.js';
import { readWorkers } from '../queue-summary.js';
import type { ConsoleSession } from '../session.js';

const noWorker = (session: ConsoleSession, queue: string) =>
  fail(
    'CONFLICT',
    `node ${session.node.nodeId} runs no worker on queue "${queue}"; a local pause applies ` +
      'only to this node\'s workers (use scope "global" to pause every node)',
  );

export const queuesHandlers: Pick<
  ConsoleHandlers<ConsoleSession>,
  'queues.list' | 'queues.workers' | 'queues.pause' | 'queues.resume'
> = {
  'queues.list': async (_request, session) => ok(await listQueueSummaries(session)),

  'queues.workers': async ({ queue }, session) => {
    const { client, prefix } = session.node.connection;
    return ok(await readWorkers(client, prefix, queue));
  },

  'queues.pause': async ({ queue, scope, reason, resumeAfterMs }, session) => {
    const { node, operator } = session;
    const store = createPauseStore(node.connection.client, node.connection.prefix);
    const atMs = Date.now() + node.membership.clockOffsetMs();
    if (scope === 'local') {
      if (!(await node.pauseLocal(queue, resumeAfterMs))) return noWorker(session, queue);
      const resumeAtMs = resumeAfterMs === undefined ? null : atMs + resumeAfterMs;
      const info = { by: operator.user, host: operator.host, atMs, reason, resumeAtMs };
      await store.setLocal(queue, node.nodeId, info);
      session.log.info('queue paused on this node', { queue, nodeId: node.nodeId, by: info.by });
      return ok(await queueSummary(session, queue));
    }

    const pause = await pauseGlobally(node.queues, store, queue, {
      by: operator.user,
      host: operator.host,
      reason,
      atMs,
      ...(resumeAfterMs ? { resumeAfterMs } : {}),
    });
    session.log.info('queue paused', { queue, by: pause.by, resumeAtMs: pause.resumeAtMs });
    return ok(await queueSummary(session, queue));
  },

  'queues.resume': async ({ queue, scope }, session) => {
    const { node } = session;
    const store = createPauseStore(node.connection.client, node.connection.prefix);
    if (scope === 'local') {
      if (!(await node.resumeLocal(queue))) return noWorker(session, queue);
      await store.clearLocal(queue, node.nodeId);
      session.log.info('queue resumed on this node', { queue, nodeId: node.nodeId });
      return ok(await queueSummary(session, queue));
    }

    await resumeGlobally(node.queues, store, queue);
    session.log.info('queue resumed', { queue, by: session.operator.user });
    return ok(await queueSummary(session, queue));
  },
};
