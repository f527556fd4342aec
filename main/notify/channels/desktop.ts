import type { DesktopChannel } from '../../../shared/alerting/channel.js';
import type { NotificationAlert } from '../../../shared/alerting/notification.js';
import { fail, ok } from '../../../shared/result.js';
import { excerpt } from '../redact.js';
import { plainTextOf, titleOf } from '../render.js';
import type { Sender } from '../sender.js';

/**
 * Hands the Notification to the desktop shell. On a headless node there is no shell: the
 * hand-off is logged (without the body) and counts as delivered.
 */
export const sendDesktop: Sender<DesktopChannel> = async (channel, notification, ctx) => {
  // A test notification is shown whatever the filter: it exists to check the channel.
  const alerts = notification.isTest
    ? notification.alerts
    : notification.alerts.filter((alert) => matches(alert, channel.labelFilter ?? {}));
  if (alerts.length === 0) return ok({ detail: 'no alert matches the label filter' });

  const shown = { ...notification, alerts };
  const notice = {
    channelId: channel.id,
    idempotencyKey: notification.idempotencyKey,
    status: notification.status,
    title: titleOf(shown),
    body: plainTextOf(shown, 8 * 1024),
    alertCount: alerts.length,
    isTest: notification.isTest === true,
    alerts: alerts.map(({ ruleId, seriesKey, labels }) => ({ ruleId, seriesKey, labels })),
  };

  if (!ctx.showDesktop) {
    ctx.log.info('desktop notification not shown: headless node', {
      channelId: channel.id,
      idempotencyKey: notification.idempotencyKey,
      status: notification.status,
      alertCount: alerts.length,
    });
    return ok({ detail: 'headless node: logged, not shown' });
  }

  try {
    await ctx.showDesktop(notice);
    return ok({ detail: 'shown' });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return fail('INTERNAL', `desktop shell refused the notification: ${excerpt(message)}`);
  }
};

function matches(alert: NotificationAlert, filter: Record<string, string>): boolean {
  return Object.entries(filter).every(([name, value]) => alert.labels[name] === value);
}
