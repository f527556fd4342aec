import type { AlertingConfig } from '../alerts/config-stores.js';
import type { RecordedStore } from '../alerts/sources/recorded-store.js';
import type { Processor } from '../queues/processor.js';
import type { ScheduleStore } from '../scheduler/schedule-store.js';
import { parseTickJobId } from '../scheduler/tick-id.js';
import type { RuleInput } from '../../shared/alerting/rule.js';
import type { ScheduleInput } from '../../shared/schedule.js';

/** One cycle of the demo's front-end series, in ms: quiet for 2 minutes, then a 80 s incident. */
const CYCLE_MS = 240_000;
const INCIDENT_FROM_MS = 120_000;
const INCIDENT_TO_MS = 200_000;

const retry = { attempts: 1, keepCompleted: 50, keepFailed: 200 };

/** The schedules `dipper node --demo` creates when missing. */
export const DEMO_SCHEDULES: ScheduleInput[] = [
  {
    id: 'demo-heartbeat',
    name: 'Demo: echo every 5 seconds',
    cron: '*/5 * * * * *',
    queue: 'demo',
    job: 'echo',
    data: { message: 'hello from dipper' },
    options: {
      attempts: 3,
      backoff: { type: 'fixed', delayMs: 1_000 },
      keepCompleted: 50,
      keepFailed: 100,
    },
  },
  {
    id: 'demo-payments',
    name: 'Demo: payment jobs that fail every other minute',
    cron: '*/5 * * * * *',
    queue: 'demo-payments',
    job: 'demo.flaky',
    options: retry,
  },
  {
    id: 'demo-frontend',
    name: 'Demo: record front-end monitoring series',
    cron: '*/5 * * * * *',
    queue: 'demo',
    job: 'demo.frontend',
    options: retry,
  },
];

const FRONTEND = [
  {
    sourceId: 'demo-js-errors',
    set: 'frontend-js-errors',
    labels: { app: 'web', metric: 'js_errors' },
    quiet: 12,
    incident: 140,
  },
  {
    sourceId: 'demo-api-errors',
    set: 'frontend-api-error-rate',
    labels: { api: '/checkout', metric: 'api_error_rate' },
    quiet: 0.01,
    incident: 0.12,
  },
  {
    sourceId: 'demo-page-load',
    set: 'frontend-page-load',
    labels: { page: '/home', metric: 'page_load_p95_ms' },
    quiet: 1_800,
    incident: 4_200,
  },
] as const;

function isIncident(atMs: number): boolean {
  const phase = atMs % CYCLE_MS;
  return phase >= INCIDENT_FROM_MS && phase < INCIDENT_TO_MS;
}

/** Demo processors: a payment job failing in odd minutes, and the front-end series recorder. */
export function demoProcessors(recorded: RecordedStore): Record<string, Processor> {
  return {
    'demo.flaky': async (ctx) => {
      const atMs = parseTickJobId(ctx.jobId)?.fireMs ?? Date.now();
      if (Math.floor(atMs / 60_000) % 2 === 1) throw new Error('card processor timed out (demo)');
      return { charged: true };
    },
    'demo.frontend': async (ctx) => {
      const atMs = parseTickJobId(ctx.jobId)?.fireMs ?? Date.now();
      // A small wobble so the series do not look flat; deterministic per tick, so a re-run
      // writes the same samples.
      const wobble = 1 + 0.1 * Math.sin(atMs / 20_000);
      for (const f of FRONTEND) {
        const raw = (isIncident(atMs) ? f.incident : f.quiet) * wobble;
        const value = Number(raw.toPrecision(3));
        const written = await recorded.write(f.set, [
          { labels: { ...f.labels }, samples: [{ t: atMs, v: value }] },
        ]);
        if (!written.ok) throw new Error(written.message);
      }
      return { incident: isIncident(atMs) };
    },
  };
}

const every10s = { cron: '*/10 * * * * *', tz: 'UTC' };

/** The demo's alert rules: one on a Bull queue, three on recorded front-end series. */
export const DEMO_RULES: RuleInput[] = [
  {
    id: 'demo-failed-payments',
    name: 'Payment jobs failing',
    source: { sourceId: 'demo-queues', query: 'failed_per_minute' },
    condition: { op: '>', threshold: 3 },
    evaluate: every10s,
    severity: 'critical',
    summary: '{{ $value }} payment jobs failed in the last minute',
  },
  {
    id: 'demo-js-errors',
    name: 'JS errors',
    source: { sourceId: 'demo-js-errors', query: 'js_errors' },
    condition: { op: '>', threshold: 50, resolveThreshold: 30 },
    evaluate: every10s,
    forMs: 20_000,
    severity: 'warning',
    summary: '{{ $labels.app }}: {{ $value }} JS errors per minute',
  },
  {
    id: 'demo-api-errors',
    name: 'API error rate',
    source: { sourceId: 'demo-api-errors', query: 'api_error_rate' },
    condition: { op: '>', threshold: 0.05 },
    evaluate: every10s,
    forMs: 10_000,
    severity: 'critical',
    summary: '{{ $labels.api }} error rate is {{ $value }}',
  },
  {
    id: 'demo-page-load',
    name: 'Page load time',
    source: { sourceId: 'demo-page-load', query: 'page_load_p95_ms' },
    condition: { op: '>', threshold: 3_000 },
    evaluate: every10s,
    forMs: 20_000,
    severity: 'warning',
    summary: '{{ $labels.page }} p95 load time is {{ $value }} ms',
  },
];

/** Creates each demo schedule, source, channel, route and rule that does not exist yet. */
export async function ensureDemo(
  store: ScheduleStore,
  alerting: AlertingConfig | null,
): Promise<string[]> {
  const created: string[] = [];
  for (const demo of DEMO_SCHEDULES) {
    if (await store.get(demo.id as string)) continue;
    if ((await store.save(demo, 'create')).ok) created.push(`schedule ${demo.id}`);
  }
  if (!alerting) return created;

  const sources = [
    {
      id: 'demo-queues',
      name: 'Demo payment queue',
      config: { kind: 'queues', queue: 'demo-payments', metric: 'failed_per_minute' },
    },
    ...FRONTEND.map((f) => ({
      id: f.sourceId,
      name: `Demo ${f.labels.metric}`,
      config: { kind: 'recorded', series: f.set },
    })),
  ];
  for (const source of sources) {
    if (!(await alerting.sources.get(source.id)) && (await alerting.sources.save(source)).ok) {
      created.push(`source ${source.id}`);
    }
  }
  if (!(await alerting.channels.get('demo-desktop'))) {
    await alerting.channels.save({
      id: 'demo-desktop',
      name: 'Desktop',
      kind: 'desktop',
      enabled: true,
    });
    created.push('channel demo-desktop');
  }
  if (!(await alerting.routes.get('demo-all'))) {
    await alerting.routes.save({
      id: 'demo-all',
      channels: ['demo-desktop'],
      groupWaitMs: 5_000,
      groupIntervalMs: 30_000,
    });
    created.push('route demo-all');
  }
  for (const rule of DEMO_RULES) {
    if (await alerting.rules.get(rule.id as string)) continue;
    const saved = await alerting.saveRule(rule, 'create');
    // The demo's own definitions: a failure here is a bug, not a user's input.
    if (!saved.ok) throw new Error(`demo rule ${String(rule.id)}: ${saved.message}`);
    created.push(`rule ${rule.id}`);
  }

  return created;
}
