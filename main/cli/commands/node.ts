import { Command } from 'commander';
import { checkConnection } from '../../connection/checks.js';
import { createLogger } from '../../log/logger.js';
import { STOP_GRACE_MS } from '../../connection/redis-process.js';
import { runUntilStopSignal } from '../stop-signal.js';
import { createRecordedStore } from '../../alerts/sources/recorded-store.js';
import { demoProcessors, ensureDemo } from '../../node/demo.js';
import { createNodeMetrics, serveMetrics, type MetricsServer } from '../../node/metrics.js';
import { startNode } from '../../node/node.js';
import { builtinProcessors } from '../../queues/builtin-processors.js';
import { loadCustomProcessors } from '../../queues/custom-processors.js';
import { createProcessorRegistry } from '../../queues/processor.js';
import { must, resolveProfile, withCommonOptions, type CommonOptions } from '../context.js';
import { intIn, nameList } from '../parse-options.js';

interface NodeFlags extends CommonOptions {
  queues?: string[];
  concurrency: number;
  metricsPort?: number;
  processors?: string;
  demo: boolean;
  nodeId?: string;
  lateToleranceMs: number;
  shutdownDeadlineMs: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
  heartbeatMs: number;
}

export function nodeCommand(): Command {
  return withCommonOptions(
    new Command('node').description('run a headless node until SIGINT or SIGTERM'),
  )
    .option('--queues <a,b>', 'queues to consume (default: every queue a schedule names)', nameList)
    .option('--concurrency <n>', 'jobs at once per queue', intIn(1, 1000), 4)
    .option(
      '--metrics-port <n>',
      'serve Prometheus metrics on 127.0.0.1:N/metrics',
      intIn(0, 65535),
    )
    .option('--processors <module>', 'a module exporting custom processors by job name')
    .option('--demo', 'create the demo schedules when missing', false)
    .option('--node-id <id>', 'this node id (default: host-pid-random)')
    .option(
      '--late-tolerance-ms <ms>',
      'ticks this late still run; older go to the misfire policy',
      intIn(1_000, 3_600_000),
      30_000,
    )
    .option(
      '--shutdown-deadline-ms <ms>',
      'how long running jobs get on shutdown',
      intIn(0, 3_600_000),
      10_000,
    )
    .option(
      '--lock-duration-ms <ms>',
      "Bull's job lock; a dead node's jobs move after this",
      intIn(1_000, 3_600_000),
      30_000,
    )
    .option(
      '--stalled-interval-ms <ms>',
      'how often stalled jobs are looked for',
      intIn(500, 3_600_000),
      30_000,
    )
    .option(
      '--heartbeat-ms <ms>',
      'heartbeat interval; a node is dead after 5 missed beats',
      intIn(200, 60_000),
      2_000,
    )
    .action(runNode);
}

async function runNode(flags: NodeFlags): Promise<void> {
  const log = createLogger('node');
  const processors = createProcessorRegistry(builtinProcessors());
  if (flags.processors) {
    for (const [name, processor] of Object.entries(
      must(await loadCustomProcessors(flags.processors)),
    )) {
      processors.register(name, processor);
    }
  }

  const resolved = await resolveProfile(flags, log);
  const metrics = createNodeMetrics();
  const node = await startNode({
    target: resolved.target,
    prefix: resolved.prefix,
    processors,
    log,
    nodeId: flags.nodeId,
    kind: 'headless',
    queues: flags.queues,
    concurrency: flags.concurrency,
    lateToleranceMs: flags.lateToleranceMs,
    membership: { intervalMs: flags.heartbeatMs, ttlMs: flags.heartbeatMs * 5 },
    queueSettings: {
      lockDurationMs: flags.lockDurationMs,
      stalledIntervalMs: flags.stalledIntervalMs,
    },
    onProduced: (scheduleId, lagMs) => metrics.tickProduced(scheduleId, lagMs),
    onOutcome: (o) => {
      if (o.outcome === 'completed' || !o.willRetry) metrics.jobFinished(o.queue, o.outcome);
    },
  });
  metrics.setNodeUp(true);

  const report = await checkConnection(node.connection.client, { shared: resolved.isShared });
  if (report.ok) {
    log.info('connected', {
      redisVersion: report.value.redisVersion,
      rttMs: report.value.rttMs,
      clockOffsetMs: report.value.clockOffsetMs,
      maxmemoryPolicy: report.value.maxmemoryPolicy,
    });
    for (const warning of report.value.warnings) log.warn(warning);
    metrics.setRedisRtt(report.value.rttMs);
  }
  const rttTimer = setInterval(() => {
    const started = performance.now();
    node.connection.client.ping().then(
      () => metrics.setRedisRtt(performance.now() - started),
      () => undefined,
    );
  }, 15_000);

  if (flags.demo) {
    const recorded = createRecordedStore(node.connection.client, resolved.prefix);
    for (const [name, processor] of Object.entries(demoProcessors(recorded))) {
      if (!processors.get(name).ok) processors.register(name, processor);
    }
    const created = await ensureDemo(node.store, node.alerting?.config ?? null);
    if (created.length > 0) log.info('demo created', { created });
  }

  let server: MetricsServer | undefined;
  if (flags.metricsPort !== undefined) server = await serveMetrics(metrics, flags.metricsPort);

  const ready = {
    event: 'ready',
    nodeId: node.nodeId,
    prefix: resolved.prefix,
    metricsPort: server?.port ?? null,
  };
  process.stdout.write(
    flags.json
      ? `${JSON.stringify(ready)}\n`
      : `dipper node ${node.nodeId} ready` +
          (server ? ` (metrics on http://127.0.0.1:${server.port}/metrics)` : '') +
          '\n',
  );

  // Running jobs get their deadline; closing connections and the sandbox get the rest.
  await runUntilStopSignal(log, flags.shutdownDeadlineMs + STOP_GRACE_MS + 5_000, async () => {
    clearInterval(rttTimer);
    await server?.close();
    await node.stop(flags.shutdownDeadlineMs);
    await resolved.release();
  });
}
