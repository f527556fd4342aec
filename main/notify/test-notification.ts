import { randomUUID } from 'node:crypto';
import type { Channel } from '../../shared/alerting/channel.js';
import type { Notification } from '../../shared/alerting/notification.js';

/** The Rule name a test notification carries; receivers can route or drop it by this. */
export const TEST_RULE_NAME = 'DipperTestNotification';

/** A one-Alert Notification for "send a test notification"; its key is never reused. */
export function buildTestNotification(channel: Channel, nowMs: number): Notification {
  const labels = { alertname: TEST_RULE_NAME, severity: 'info', dipper_test: 'true' };

  return {
    idempotencyKey: `test.${channel.id}.${nowMs}.${randomUUID().slice(0, 8)}`,
    status: 'firing',
    groupKey: `test/${channel.id}`,
    groupLabels: { alertname: TEST_RULE_NAME },
    alerts: [
      {
        ruleId: 'dipper-test',
        ruleName: TEST_RULE_NAME,
        seriesKey: 'dipper_test="true"',
        labels,
        annotations: {
          summary: 'Test notification from Dipper',
          description: `Sent to check the channel "${channel.name}"; no action needed.`,
        },
        severity: 'info',
        state: 'firing',
        value: null,
        threshold: 0,
        startsAtMs: nowMs,
      },
    ],
    sentAtMs: nowMs,
    isTest: true,
  };
}
