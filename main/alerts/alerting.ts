import type { Connection } from '../connection/connection.js';
import type { Logger } from '../log/logger.js';
import {
  createDelivery,
  DELIVER_JOB,
  NOTIFY_QUEUE,
  type DeliveryAttempt,
} from '../notify/delivery.js';
import type { DesktopNotice } from '../notify/send.js';
import type { Processor } from '../queues/processor.js';
import type { QueueRegistry } from '../queues/queue-registry.js';
import type { ScheduleStore } from '../scheduler/schedule-store.js';
import type { Channel } from '../../shared/alerting/channel.js';
import type { NotificationRecord } from '../../shared/alerting/history.js';
import { ALERTS_QUEUE, createAlertingConfig, EVALUATE_JOB } from './config-stores.js';
import { createEvaluateProcessor, type EvaluateDeps } from './evaluate-job.js';
import { createEvaluationLog } from './history/evaluation-log.js';
import { createInputReader } from './evaluation-inputs.js';
import { createHistoryStore } from './history/history-store.js';
import { createGrouping, FLUSH_JOB, type Grouping } from './grouping.js';
import { createNotifier, type MarkNotified } from './notifier.js';
import { createRecordedStore } from './sources/recorded-store.js';
import { createAlertStore } from './state/alert-store.js';

export { ALERTS_QUEUE, NOTIFY_QUEUE };

/** The history line of one delivery attempt, from the Notification it carried. */
function attemptRecord(attempt: DeliveryAttempt, atMs: number): NotificationRecord | null {
  if (attempt.outcome !== 'sent' && attempt.outcome !== 'failed') return null;
  const { notification } = attempt;
  const ruleIds = new Set(notification.alerts.map((a) => a.ruleId));
  const severities = new Set(notification.alerts.map((a) => a.severity));
  const [ruleId] = ruleIds;
  const [severity] = severities;

  return {
    kind: 'notification',
    atMs,
    ...(ruleIds.size === 1 && ruleId ? { ruleId } : {}),
    labels: notification.groupLabels,
    ...(severities.size === 1 && severity ? { severity } : {}),
    channel: attempt.channelId,
    status: notification.status,
    outcome: attempt.outcome,
    ...(attempt.message ? { error: attempt.message.slice(0, 200) } : {}),
    alerts: notification.alerts.length,
  };
}

/**
 * Alerting on one node: the configuration stores, alert state, history, the notifier and the
 * two processors (`alert.evaluate` on ALERTS_QUEUE, `notify.deliver` on NOTIFY_QUEUE).
 */
export function createAlerting(options: {
  connection: Connection;
  queues: QueueRegistry;
  schedules: ScheduleStore;
  log: Logger;
  showDesktop?: (notice: DesktopNotice) => void;
}) {
  const { connection, log } = options;
  const { client, prefix } = connection;
  // Reads are cached for a second: an evaluation reads its Rule, source, routes, channels and
  // silences, and at hundreds of evaluations a second re-reading them dominated the cost.
  const config = createAlertingConfig(
    client,
    prefix,
    options.schedules,
    log.child('config'),
    1_000,
  );
  const history = createHistoryStore(client, prefix);
  let channels: Channel[] = [];
  const refreshChannels = async () => {
    channels = await config.channels.list();
  };

  const delivery = createDelivery({
    registry: options.queues,
    client,
    prefix,
    channels: () => channels,
    log: log.child('delivery'),
    onAttempt: (attempt) => {
      const record = attemptRecord(attempt, Date.now());
      if (record) void history.append([record]).catch(() => undefined);
    },
    ...(options.showDesktop ? { send: { showDesktop: options.showDesktop } } : {}),
  });
  let groupingInstance: Grouping | undefined;
  const grouping = (markNotified: MarkNotified): Grouping =>
    (groupingInstance ??= createGrouping({
      client,
      prefix,
      queues: options.queues,
      queueName: ALERTS_QUEUE,
      delivery,
      route: (id) => config.routes.get(id),
      markNotified,
      log: log.child('grouping'),
    }));
  const notifier = createNotifier({
    client,
    prefix,
    delivery,
    routes: async () => {
      await refreshChannels();
      return config.routes.list();
    },
    silences: (atMs) => config.activeSilences(atMs),
    log: log.child('notifier'),
    grouping: (markNotified) => grouping(markNotified),
  });
  const sourceDeps = {
    getQueue: (name: string) => options.queues.get(name),
    recorded: createRecordedStore(client, prefix),
    log: log.child('sources'),
  };
  const deps: EvaluateDeps = {
    config,
    alerts: createAlertStore(client, prefix, log.child('state')),
    history,
    evaluations: createEvaluationLog(client, prefix, log.child('evaluations')),
    notifier,
    inputs: createInputReader({ client, prefix, config, sourceDeps, log: log.child('inputs') }),
    sourceDeps,
    log,
  };
  const deliver: Processor = async (ctx) => {
    await refreshChannels();
    return delivery.processor(ctx);
  };

  return {
    config,
    deps,
    delivery,
    history,
    queues: [ALERTS_QUEUE, NOTIFY_QUEUE],
    processors: {
      [EVALUATE_JOB]: createEvaluateProcessor(deps),
      [DELIVER_JOB]: deliver,
      [FLUSH_JOB]: async (ctx) => {
        await refreshChannels();
        return groupingInstance?.flush(ctx) ?? { sent: 0 };
      },
    } as Record<string, Processor>,
    refreshChannels,
  };
}

export type Alerting = ReturnType<typeof createAlerting>;
