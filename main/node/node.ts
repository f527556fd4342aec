import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { openConnection, type RedisTarget } from '../connection/connection.js';
import { dipperKeys } from '../connection/keys.js';
import type { Logger } from '../log/logger.js';
import { createAlerting } from '../alerts/alerting.js';
import { CONSOLE_QUEUE, createConsoleProcessors } from '../console/pauses.js';
import { createPlatformProcessors, platformDepsFrom } from '../jobs/index.js';
import type { DesktopNotice } from '../notify/send.js';
import { startConsumer, type Consumer, type JobOutcome } from '../queues/consumer.js';
import type { ProcessorRegistry } from '../queues/processor.js';
import {
  createQueueRegistry,
  DEFAULT_QUEUE_SETTINGS,
  type QueueSettings,
} from '../queues/queue-registry.js';
import { createLedgerWriter } from '../scheduler/ledger-writer.js';
import { createLockDispatcher } from '../scheduler/lock-dispatch.js';
import { startPendingSweeper } from '../scheduler/pending-sweeper.js';
import { createProducer } from '../scheduler/producer.js';
import { ownerOf } from '../scheduler/rendezvous.js';
import { createScheduleStore } from '../scheduler/schedule-store.js';
import { watchSchedules } from '../scheduler/schedule-watcher.js';
import { parseTickJobId } from '../scheduler/tick-id.js';
import { createTickStore } from '../scheduler/tick-store.js';
import type { Schedule } from '../../shared/schedule.js';
import type { NodeKind } from '../../shared/node.js';
import { watchClock } from './clock-watch.js';
import { DEFAULT_MEMBERSHIP, startMembership, type MembershipOptions } from './membership.js';
import { runInPlace } from './run-in-place.js';
import { VERSION } from './version.js';

export interface NodeOptions {
  target: RedisTarget;
  prefix: string;
  processors: ProcessorRegistry;
  log: Logger;
  nodeId?: string;
  kind?: NodeKind;
  /** Queues to consume; undefined follows every queue a schedule names. Empty: produce only. */
  queues?: string[];
  concurrency?: number;
  lateToleranceMs?: number;
  membership?: MembershipOptions;
  queueSettings?: QueueSettings;
  onOutcome?: (outcome: JobOutcome) => void;
  onProduced?: (scheduleId: string, lagMs: number) => void;
  /** Evaluate alert Rules and deliver Notifications on this node (default true). */
  alerting?: boolean;
  /** The desktop shell's hand-off for the desktop channel; headless nodes log instead. */
  showDesktop?: (notice: DesktopNotice) => void;
}

/** A running node: producer, consumers, heartbeat, all on one connection. */
export async function startNode(options: NodeOptions) {
  const log = options.log;
  const nodeId = options.nodeId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const concurrency = options.concurrency ?? 4;
  const connection = openConnection(options.target, options.prefix, log.child('redis'));
  const keys = dipperKeys(options.prefix);
  const queues = createQueueRegistry(
    connection,
    log.child('queues'),
    options.queueSettings ?? DEFAULT_QUEUE_SETTINGS,
  );
  const store = createScheduleStore(connection.client, keys, log.child('schedules'));
  const tickStore = createTickStore(connection.client, keys);
  const consumers = new Map<string, Consumer>();
  const alerting =
    options.alerting === false
      ? null
      : createAlerting({
          connection,
          queues,
          schedules: store,
          log: log.child('alerts'),
          ...(options.showDesktop ? { showDesktop: options.showDesktop } : {}),
        });
  const platform = alerting
    ? createPlatformProcessors(platformDepsFrom(connection, alerting, log.child('jobs')))
    : {};
  const consoleProcessors = alerting
    ? createConsoleProcessors({
        client: connection.client,
        prefix: options.prefix,
        queues,
        log: log.child('pauses'),
      })
    : {};
  const ownProcessors = { ...alerting?.processors, ...platform, ...consoleProcessors };
  for (const [name, processor] of Object.entries(ownProcessors)) {
    if (!options.processors.get(name).ok) options.processors.register(name, processor);
  }
  let schedules = new Map<string, Schedule>();
  const startedAt = Date.now();
  const pausedQueues = new Set<string>();

  const membership = startMembership(
    connection.client,
    keys,
    () => ({
      id: nodeId,
      host: hostname(),
      pid: process.pid,
      kind: options.kind ?? 'headless',
      version: VERSION,
      queues: [...consumers.keys()].sort(),
      concurrency,
      startedAt,
      ...(pausedQueues.size > 0 ? { pausedQueues: [...pausedQueues].sort() } : {}),
    }),
    log.child('membership'),
    options.membership ?? DEFAULT_MEMBERSHIP,
    () => producer.rebalance(),
  );
  const now = () => Date.now() + membership.clockOffsetMs();
  const members = () => {
    const live = membership.members();
    return live.includes(nodeId) ? live : [...live, nodeId];
  };

  const ledgerWriter = createLedgerWriter(tickStore, log.child('ledger'));
  const onOutcome = (outcome: JobOutcome) => {
    options.onOutcome?.(outcome);
    const tick = parseTickJobId(outcome.jobId);
    if (!tick) return;
    ledgerWriter.add(tick.scheduleId, {
      tickMs: tick.fireMs,
      event: outcome.outcome,
      nodeId,
      atMs: now(),
      attempt: outcome.attempt,
      ...(outcome.error === undefined ? {} : { error: outcome.error }),
    });
  };

  function consume(queueName: string): void {
    if (consumers.has(queueName)) return;
    consumers.set(
      queueName,
      startConsumer({
        registry: queues,
        queues: [queueName],
        concurrency,
        processors: options.processors,
        log: log.child('consumer'),
        onOutcome,
      }),
    );
  }

  const lockDispatcher = createLockDispatcher({
    client: connection.client,
    keys,
    nodeId,
    tickStore,
    log: log.child('lock'),
    runTask: (s, tickMs, signal) => runInPlace(options.processors, s, tickMs, signal),
  });
  const clock = watchClock((jump) => producer.noteWake(jump.awakeSinceMs), log.child('clock'));
  const producer = createProducer({
    nodeId,
    queues,
    tickStore,
    log: log.child('producer'),
    now,
    isOwner: (id) => ownerOf(id, members()) === nodeId,
    runLocked: (s, tickMs) => lockDispatcher.dispatch(s, tickMs),
    lateToleranceMs: options.lateToleranceMs,
    onProduced: options.onProduced,
    checkClock: () => clock.check(),
  });

  await membership.start();
  // Not awaited: with Redis away it would wait in the offline queue; runScript falls back anyway.
  void tickStore
    .loadScripts()
    .catch((error: Error) => log.warn('loading tick scripts failed', { error: error.message }));
  for (const name of options.queues ?? []) consume(name);
  // Every alerting node evaluates and delivers, whatever queues it was told to consume.
  for (const name of alerting?.queues ?? []) consume(name);
  // Alerting nodes (every console's among them) also take the console's own jobs: a paused
  // queue's timed resume.
  if (alerting) consume(CONSOLE_QUEUE);
  const watcher = await watchSchedules(
    store,
    connection.subscriber,
    keys,
    log.child('schedules'),
    (list) => {
      schedules = new Map(list.map((s) => [s.id, s]));
      if (options.queues === undefined)
        for (const s of list) if (s.dispatch === 'queue') consume(s.queue);
      producer.sync(list);
    },
  );
  const sweeper = startPendingSweeper({
    tickStore,
    queues,
    nodeId,
    now,
    log: log.child('sweeper'),
    schedule: (id) => schedules.get(id),
  });
  log.info('node started', { nodeId, queues: [...consumers.keys()], concurrency });

  // A local pause lives in this process (Bull's local pause), so its automatic resume does too.
  const localResumeTimers = new Map<string, NodeJS.Timeout>();
  const clearResumeTimer = (queueName: string) => {
    clearTimeout(localResumeTimers.get(queueName));
    localResumeTimers.delete(queueName);
  };

  /**
   * Pauses this node's own workers on a queue (Bull's local pause) without waiting for the
   * jobs they run, until resumed or, given `resumeAfterMs`, until that time has passed; false
   * when this node runs no worker on it. The heartbeat reports it.
   */
  async function pauseLocal(queueName: string, resumeAfterMs?: number): Promise<boolean> {
    if (!consumers.has(queueName)) return false;
    await queues.get(queueName).pause(true, true);
    pausedQueues.add(queueName);
    clearResumeTimer(queueName);
    if (resumeAfterMs !== undefined) {
      const timer = setTimeout(() => {
        localResumeTimers.delete(queueName);
        resumeLocal(queueName).then(
          () => log.info('local pause ended by its timer', { queue: queueName }),
          (error: Error) =>
            log.error('local pause timer could not resume', {
              queue: queueName,
              error: error.message,
            }),
        );
      }, resumeAfterMs);
      timer.unref();
      localResumeTimers.set(queueName, timer);
    }
    await membership.beatNow();
    return true;
  }

  /** Undoes pauseLocal; false when this node runs no worker on the queue. */
  async function resumeLocal(queueName: string): Promise<boolean> {
    if (!consumers.has(queueName)) return false;
    clearResumeTimer(queueName);
    await queues.get(queueName).resume(true);
    pausedQueues.delete(queueName);
    await membership.beatNow();
    return true;
  }

  return {
    nodeId,
    connection,
    keys,
    store,
    tickStore,
    queues,
    producer,
    membership,
    alerting,
    /**
     * Pauses this node's own workers on a queue (Bull's local pause) without waiting for the
     * jobs they run; false when this node runs no worker on it. The heartbeat reports it.
     */
    pauseLocal,
    resumeLocal,
    /** Stops producing, lets running jobs finish within `deadlineMs`, then closes Redis. */
    async stop(deadlineMs = 10_000): Promise<void> {
      for (const timer of localResumeTimers.values()) clearTimeout(timer);
      localResumeTimers.clear();
      clock.stop();
      sweeper.stop();
      await watcher.stop();
      await producer.stop();
      await Promise.all([...consumers.values()].map((c) => c.stop(deadlineMs)));
      await lockDispatcher.idle();
      await ledgerWriter.flush();
      await membership.stop();
      await queues.closeAll();
      await connection.close();
      log.info('node stopped', { nodeId });
    },
  };
}

export type DipperNode = Awaited<ReturnType<typeof startNode>>;
