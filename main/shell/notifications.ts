import { Notification } from 'electron';
import type { Dispatch } from '../console/dispatch.js';
import type { Logger } from '../log/logger.js';
import type { DesktopNotice } from '../notify/send.js';
import { compileMatchers } from '../../shared/alerting/matchers.js';
import type { DesktopSettings } from './settings.js';

type NoticeAlert = NonNullable<DesktopNotice['alerts']>[number];

/** Longest body a notification shows, in characters; the console has the rest. */
const MAX_BODY_CHARS = 400;
/** Most Alerts one "Acknowledge" click acknowledges. */
const MAX_ACKS = 20;

export interface DesktopNotifierOptions {
  settings: () => DesktopSettings['notifications'];
  /** The host's dispatcher, once the host has started. */
  dispatch: () => Dispatch | undefined;
  /** Shows the window and asks the renderer to open this Alert. */
  openAlert: (alert: { ruleId: string; seriesKey: string }) => void;
  log: Logger;
  /** Action buttons exist on macOS and Windows notifications only. */
  platform?: NodeJS.Platform;
}

/**
 * The Alerts of a notice this desktop shows, or none: test notices always show; otherwise
 * only firing notices while notifications are not paused, and only Alerts whose labels pass
 * this desktop's matchers (a notice from an older node without Alerts passes as a whole).
 */
export function alertsToShow(
  notice: DesktopNotice,
  filter: DesktopSettings['notifications'],
): NoticeAlert[] | 'all' | 'none' {
  if (notice.isTest) return 'all';
  if (filter.paused || notice.status !== 'firing') return 'none';
  if (!notice.alerts) return filter.matchers.length === 0 ? 'all' : 'none';

  const passes = compileMatchers(filter.matchers);
  const shown = notice.alerts.filter((alert) => passes(alert.labels));

  return shown.length > 0 ? shown : 'none';
}

/** The `showDesktop` hand-off of the node's desktop channel. */
export function createDesktopNotifier(options: DesktopNotifierOptions) {
  const { log } = options;
  const platform = options.platform ?? process.platform;
  const hasActions = platform === 'darwin' || platform === 'win32';
  // A notification that is garbage collected loses its click handler: keep it until closed.
  const open = new Set<Notification>();

  async function acknowledge(alerts: NoticeAlert[]): Promise<void> {
    const dispatch = options.dispatch();
    if (!dispatch) return;
    for (const { ruleId, seriesKey } of alerts.slice(0, MAX_ACKS)) {
      const result = await dispatch('alerts.ack', {
        ruleId,
        seriesKey,
        comment: 'acknowledged from a desktop notification',
      });
      if (!result.ok) log.warn('acknowledge failed', { ruleId, problem: result.message });
    }
  }

  function show(notice: DesktopNotice): void {
    const picked = alertsToShow(notice, options.settings());
    if (picked === 'none') {
      log.debug('desktop notice not shown', { idempotencyKey: notice.idempotencyKey });
      return;
    }
    if (!Notification.isSupported()) {
      log.warn('desktop notifications are not supported here', { channelId: notice.channelId });
      return;
    }
    const alerts = picked === 'all' ? (notice.alerts ?? []) : picked;
    const body =
      notice.body.length > MAX_BODY_CHARS
        ? `${notice.body.slice(0, MAX_BODY_CHARS)}…`
        : notice.body;
    const canAck = hasActions && !notice.isTest && alerts.length > 0;
    const notification = new Notification({
      title: notice.title,
      body,
      ...(canAck ? { actions: [{ type: 'button' as const, text: 'Acknowledge' }] } : {}),
    });

    notification.on('click', () => {
      const first = alerts[0];
      if (first) options.openAlert({ ruleId: first.ruleId, seriesKey: first.seriesKey });
    });
    notification.on('action', (event) => {
      if (event.actionIndex !== 0) return;
      acknowledge(alerts).catch((error: unknown) => log.warn('acknowledge failed', { err: error }));
    });
    notification.on('close', () => open.delete(notification));
    open.add(notification);
    notification.show();
  }

  return { show };
}
