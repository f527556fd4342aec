import { RuleSchema, type Rule } from '../../shared/alerting/rule.js';
import type {
  AppInfo,
  JobDetail,
  JobPage,
  JobRow,
  JobState,
  ProfileSummary,
  QueueSummary,
  RuleRow,
} from '../../shared/api/dto.js';

export function profile(overrides: Partial<ProfileSummary> = {}): ProfileSummary {
  return {
    name: 'sandbox',
    kind: 'sandbox',
    readOnly: false,
    prefix: 'bull',
    target: 'redis://127.0.0.1:6390',
    active: true,
    ...overrides,
  };
}

export function appInfo(overrides: Partial<ProfileSummary> = {}): AppInfo {
  return {
    version: '0.1.0',
    nodeId: 'node-a',
    user: 'ana',
    host: 'laptop',
    mode: 'browser',
    profile: profile(overrides),
  };
}

export function queueSummary(overrides: Partial<QueueSummary> = {}): QueueSummary {
  return {
    name: 'emails',
    counts: { waiting: 3, active: 1, delayed: 0, failed: 7, completed: 120, paused: 0 },
    paused: false,
    pause: null,
    pausedOnNodes: [],
    localPauses: {},
    workers: 2,
    ...overrides,
  };
}

export function jobRow(overrides: Partial<JobRow> = {}): JobRow {
  return {
    id: '1',
    name: 'send',
    readable: true,
    timestampMs: Date.UTC(2025, 0, 2, 3, 4, 5),
    processedOnMs: null,
    finishedOnMs: null,
    attemptsMade: 1,
    dataPreview: '{"to":"a@example.com"}',
    failedReason: 'smtp said no',
    progress: null,
    delayMs: 0,
    ...overrides,
  };
}

export function jobPage(
  jobs: JobRow[],
  overrides: Partial<JobPage> & { state?: JobState } = {},
): JobPage {
  return {
    queue: 'emails',
    state: 'failed',
    page: 0,
    pageSize: 50,
    total: jobs.length,
    jobs,
    ...overrides,
  };
}

export function jobDetail(overrides: Partial<JobDetail> = {}): JobDetail {
  return {
    ...jobRow(),
    state: 'failed',
    dataBytes: 22,
    opts: { attempts: 3 },
    stacktrace: ['Error: smtp said no\n    at send (mailer.js:10:5)'],
    returnValue: null,
    logs: ['connecting'],
    timeline: [{ atMs: Date.UTC(2025, 0, 2, 3, 4, 5), event: 'created' }],
    ...overrides,
  };
}

export function rule(overrides: Partial<Rule> = {}): Rule {
  return {
    ...RuleSchema.parse({
      id: 'cpu-high',
      name: 'CPU high',
      source: { sourceId: 'prom', query: 'cpu_usage' },
      condition: { op: '>', threshold: 90 },
      evaluate: { cron: '* * * * *' },
      severity: 'critical',
      summary: 'CPU on {{ $labels.host }} is {{ $value }}',
    }),
    ...overrides,
  };
}

export function ruleRow(overrides: Partial<RuleRow> = {}): RuleRow {
  return {
    rule: rule(),
    worst: 'firing',
    states: { firing: 2, pending: 1 },
    lastEvaluation: null,
    ...overrides,
  };
}
