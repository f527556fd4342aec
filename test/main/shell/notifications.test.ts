import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DesktopNotice } from '../../../main/notify/send.js';
import { alertsToShow, createDesktopNotifier } from '../../../main/shell/notifications.js';
import type { DesktopSettings } from '../../../main/shell/settings.js';
import type { Result } from '../../../shared/result.js';
import { quietLog } from '../queues/queue-harness.js';
import { Notification, resetElectron } from './electron-stub.js';

vi.mock('electron', () => import('./electron-stub.js'));

const apiAlert = {
  ruleId: 'api-latency',
  seriesKey: 'env="prod",service="api"',
  labels: { service: 'api', env: 'prod' },
};
const billingAlert = {
  ruleId: 'billing-errors',
  seriesKey: 'env="staging",service="billing"',
  labels: { service: 'billing', env: 'staging' },
};

function notice(overrides: Partial<DesktopNotice> = {}): DesktopNotice {
  return {
    channelId: 'desk',
    idempotencyKey: 'k1',
    status: 'firing',
    title: '[FIRING] 2 alerts',
    body: 'body text',
    alertCount: 2,
    isTest: false,
    alerts: [apiAlert, billingAlert],
    ...overrides,
  };
}

const showAll: DesktopSettings['notifications'] = { paused: false, matchers: [] };
const prodOnly: DesktopSettings['notifications'] = {
  paused: false,
  matchers: [{ name: 'env', op: '=', value: 'prod' }],
};

describe('the desktop notification filter', () => {
  it('keeps the Alerts whose labels pass every matcher of this desktop', () => {
    expect(alertsToShow(notice(), prodOnly)).toEqual([apiAlert]);
    expect(
      alertsToShow(notice(), {
        paused: false,
        matchers: [{ name: 'service', op: '=~', value: 'bill.*' }],
      }),
    ).toEqual([billingAlert]);
    expect(alertsToShow(notice(), showAll)).toEqual([apiAlert, billingAlert]);
  });

  it('shows nothing when no Alert passes, when paused, or for a resolved notice', () => {
    const noMatch = { paused: false, matchers: [{ name: 'env', op: '=' as const, value: 'dev' }] };

    expect(alertsToShow(notice(), noMatch)).toBe('none');
    expect(alertsToShow(notice(), { ...showAll, paused: true })).toBe('none');
    expect(alertsToShow(notice({ status: 'resolved' }), showAll)).toBe('none');
  });

  it('always shows a test notice, whatever the filter', () => {
    expect(alertsToShow(notice({ isTest: true }), { paused: true, matchers: [] })).toBe('all');
  });
});

describe('the desktop notifier', () => {
  beforeEach(() => resetElectron());

  function start(platform: NodeJS.Platform, settings = showAll) {
    const opened: { ruleId: string; seriesKey: string }[] = [];
    const calls: { method: string; argument: unknown }[] = [];
    const notifier = createDesktopNotifier({
      settings: () => settings,
      dispatch:
        () =>
        async (method, argument): Promise<Result<unknown>> => {
          calls.push({ method, argument });
          return { ok: true, value: {} };
        },
      openAlert: (alert) => opened.push(alert),
      log: quietLog,
      platform,
    });
    return { notifier, opened, calls };
  }

  it('shows a notification that opens the first shown Alert when clicked', () => {
    const { notifier, opened } = start('linux', prodOnly);

    notifier.show(notice());
    const shown = Notification.created[0];
    shown?.emit('click');

    expect(Notification.created).toHaveLength(1);
    expect(shown?.shown).toBe(true);
    expect(shown?.options).toEqual({ title: '[FIRING] 2 alerts', body: 'body text' });
    expect(opened).toEqual([{ ruleId: 'api-latency', seriesKey: 'env="prod",service="api"' }]);
  });

  it('acknowledges the shown Alerts through the dispatcher from the Acknowledge action', async () => {
    const { notifier, calls } = start('darwin', prodOnly);

    notifier.show(notice());
    const shown = Notification.created[0];
    expect(shown?.options.actions).toEqual([{ type: 'button', text: 'Acknowledge' }]);
    shown?.emit('action', { actionIndex: 0 });

    await vi.waitFor(() => expect(calls).toHaveLength(1));
    expect(calls).toEqual([
      {
        method: 'alerts.ack',
        argument: {
          ruleId: 'api-latency',
          seriesKey: 'env="prod",service="api"',
          comment: 'acknowledged from a desktop notification',
        },
      },
    ]);
  });

  it('shows nothing for a notice this desktop filters out', () => {
    const { notifier } = start('linux', { paused: false, matchers: [] });

    notifier.show(notice({ status: 'resolved' }));

    expect(Notification.created).toEqual([]);
  });

  it('cuts a long body short', () => {
    const { notifier } = start('linux');

    notifier.show(notice({ body: 'x'.repeat(1_000) }));

    expect(Notification.created[0]?.options.body).toBe(`${'x'.repeat(400)}…`);
  });
});
