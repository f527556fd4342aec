import { createHash } from 'node:crypto';
import type { Notification, NotificationAlert } from '../../shared/alerting/notification.js';
import type { Severity } from '../../shared/alerting/rule.js';
import type { RuleDigest, WeeklyReport, WeeklyReportData } from '../../shared/jobs.js';

const DAY_MS = 86_400_000;
const REPORT_LABELS = { report: 'weekly' };

/** `2024-W18`: the ISO 8601 week of an instant, in UTC. */
export function isoWeekOf(atMs: number): string {
  const day = Math.floor(atMs / DAY_MS);
  const weekday = (new Date(atMs).getUTCDay() + 6) % 7;
  // The ISO year is the year of the week's Thursday; week 1 holds that year's 4 January.
  const thursday = new Date((day - weekday + 3) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const firstThursdayDay = Math.floor(Date.UTC(year, 0, 4) / DAY_MS);
  const jan4Weekday = (new Date(Date.UTC(year, 0, 4)).getUTCDay() + 6) % 7;
  const week = 1 + Math.floor((day - weekday - (firstThursdayDay - jan4Weekday)) / 7);

  return `${year}-W${String(week).padStart(2, '0')}`;
}

/**
 * The same for every node and every re-run of one report tick, so delivery sends it once per
 * channel: `report-weekly.<what>.<week>.resolved.<tickMs>`, where `what` hashes the Rules and
 * weeks asked for (two reports of different Rules at one tick stay apart). The layout is the
 * notifier's `<rule>.<route>.<group>.<status>.<tick>`, so the history files the delivery
 * attempts under `report-weekly` as resolved.
 */
export function reportIdempotencyKey(data: WeeklyReportData, tickMs: number): string {
  const what = JSON.stringify({
    ruleIds: data.ruleIds ? [...data.ruleIds].sort() : null,
    weeks: data.weeks,
  });
  const hash = createHash('sha256').update(what).digest('hex').slice(0, 12);

  return `report-weekly.${hash}.${isoWeekOf(tickMs)}.resolved.${tickMs}`;
}

const DURATION_UNITS: [string, number][] = [
  ['d', DAY_MS],
  ['h', 3_600_000],
  ['min', 60_000],
  ['s', 1_000],
];

/** `2 h 5 min`: the largest unit and the next one when it is not 0; `0 s` under half a second. */
export function formatDuration(ms: number): string {
  // Seconds are the smallest unit shown, so round to them first: 999 ms reads 1 s.
  let left = Math.round(ms / 1_000) * 1_000;
  const counts = DURATION_UNITS.map(([, size]) => {
    const count = Math.floor(left / size);
    left -= count * size;
    return count;
  });
  const first = counts.findIndex((count) => count > 0);
  if (first < 0) return '0 s';

  return [first, first + 1]
    .filter((i) => (counts[i] ?? 0) > 0)
    .map((i) => `${counts[i]} ${DURATION_UNITS[i]?.[0]}`)
    .join(' ');
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** One line per Rule: `3 firings, 2 h firing, mean time to resolve 12 min, 1 flap`. */
export function summaryOf(digest: RuleDigest): string {
  const resolve =
    digest.meanTimeToResolveMs === null
      ? 'no resolves'
      : `mean time to resolve ${formatDuration(digest.meanTimeToResolveMs)}`;

  return [
    plural(digest.firings, 'firing'),
    `${formatDuration(digest.firingMs)} firing`,
    resolve,
    plural(digest.flaps, 'flap'),
  ].join(', ');
}

/**
 * The report as a Notification, one Alert per Rule, so every channel can carry it. Its status
 * is `resolved` and each Alert is `normal` with an end time: nothing in it is firing, so a
 * chat shows it as a resolved group and Alertmanager never pages on it. The value is the Rule's
 * firings; the summary has every number.
 */
export function buildReportNotification(
  report: WeeklyReport,
  severities: ReadonlyMap<string, Severity>,
  idempotencyKey: string,
): Notification {
  const [from, to] = [report.fromMs, report.toMs].map((ms) => new Date(ms).toISOString());
  const period = `${from} to ${to}`;
  const description =
    `alert history from ${period}; a flap is a firing within 1 h of the same series resolving` +
    (report.isPartial
      ? '; the history held more than one report reads, so counts are partial'
      : '');
  const alerts: NotificationAlert[] = report.rules.map((digest) => ({
    ruleId: digest.ruleId,
    ruleName: digest.ruleName,
    seriesKey: '{}',
    labels: { ...REPORT_LABELS },
    annotations: { summary: summaryOf(digest), description },
    severity: severities.get(digest.ruleId) ?? 'info',
    state: 'normal',
    value: digest.firings,
    threshold: 0,
    startsAtMs: report.fromMs,
    endsAtMs: report.toMs,
  }));

  return {
    idempotencyKey,
    status: 'resolved',
    groupKey: JSON.stringify(REPORT_LABELS),
    groupLabels: { ...REPORT_LABELS },
    alerts,
    sentAtMs: report.toMs,
  };
}
