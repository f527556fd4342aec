import { z } from 'zod';
import type { AlertInstance, EvaluationRecord } from '../alerting/alert.js';
import type { HistoryPage } from '../alerting/history.js';
import { HistoryQuerySchema } from '../alerting/history.js';
import { LabelMatcherSchema } from '../alerting/matchers.js';
import type { ReplayTimeline } from '../alerting/replay.js';
import { ReplayWindowSchema } from '../alerting/replay.js';
import type { LedgerReport } from '../ledger.js';
import type { NodeInfo } from '../node.js';
import type { Result } from '../result.js';
import type { Schedule } from '../schedule.js';
import { ID_PATTERN, oneOf, strictShape } from '../zod-messages.js';
import {
  BULK_ACTIONS,
  JOB_STATES,
  type AppInfo,
  type AuditEntry,
  type ChannelTestResult,
  type ChannelView,
  type ConnectionReport,
  type FireTime,
  type JobDetail,
  type JobPage,
  type LiveSnapshot,
  type ProfileSummary,
  type QueueSummary,
  type RuleRow,
  type RuleTestResult,
  type ScheduleRow,
  type SourceSummary,
  type WorkerInfo,
  type BulkProgress,
} from './dto.js';

/**
 * The one contract between main and the renderer. Every console operation is declared here
 * once: its name, the zod schema of its request and the type of its response. The renderer's
 * API type, the preload, the IPC handlers and the browser transport are all derived from it.
 */

/** Marks a response type; it exists only for the type checker. */
function returns<T>(): T {
  return undefined as T;
}

/**
 * What a method does. A `query` only reads. A `command` changes what every node shares: a
 * read-only profile refuses it (in main) and it is written to the audit log. A `local` method
 * changes only this console (its saved profiles, which profile it runs on).
 */
export type MethodKind = 'query' | 'command' | 'local';

export interface MethodSpec<Req extends z.ZodType = z.ZodType, Res = unknown> {
  kind: MethodKind;
  request: Req;
  response: Res;
  /** How long main lets the call run, ms; DEFAULT_CALL_DEADLINE_MS when absent. */
  deadlineMs?: number;
}

/** The deadline of a console call unless its method says otherwise, ms. */
export const DEFAULT_CALL_DEADLINE_MS = 10_000;

/** Declares a method of one kind; `deadlineMs` overrides the default deadline. */
function method<K extends MethodKind>(kind: K) {
  return <Req extends z.ZodType, Res>(
    request: Req,
    response: Res,
    deadlineMs?: number,
  ): MethodSpec<Req, Res> =>
    deadlineMs ? { kind, request, response, deadlineMs } : { kind, request, response };
}

const query = method('query');
const command = method('command');
const local = method('local');

const none = strictShape({});
const idText = (field: string) =>
  z
    .string({ error: `${field} must be a string` })
    .regex(ID_PATTERN, `${field} must be 1-64 of a-z 0-9 _ - and start with a letter or digit`);
const queueName = z
  .string({ error: 'queue must be a string' })
  .min(1, 'queue must not be empty')
  .max(200, 'queue is longer than 200 characters');
const jobId = z
  .string({ error: 'job id must be a string' })
  .min(1, 'job id must not be empty')
  .max(400, 'job id is longer than 400 characters');
const jobState = oneOf(JOB_STATES, 'state');
/**
 * The typed confirmation of a destructive action outside the sandbox: the name of what is
 * acted on (the queue, schedule, Rule or channel id). Main checks it; the sandbox needs none.
 */
const confirm = z.string().max(200).optional();
/** A draft as the editor holds it; main validates it with the same schema it saves with. */
const draft = z.record(z.string(), z.unknown(), { error: 'expected an object' });

export const contract = {
  // The console itself.
  'app.info': query(none, returns<AppInfo>()),
  'live.snapshot': query(none, returns<LiveSnapshot>()),
  'nodes.list': query(none, returns<(NodeInfo & { live: boolean })[]>()),

  // Queues.
  'queues.list': query(none, returns<QueueSummary[]>()),
  'queues.workers': query(strictShape({ queue: queueName }), returns<WorkerInfo[]>()),
  'queues.pause': command(
    strictShape({
      queue: queueName,
      /** `global`: every node stops taking jobs; `local`: only this console's node. */
      scope: oneOf(['global', 'local'], 'scope').default('global'),
      reason: z.string().max(500, 'reason is longer than 500 characters').default(''),
      /** Resume by itself after this long; absent: until resumed. */
      resumeAfterMs: z
        .number()
        .int()
        .min(1_000, 'resumeAfterMs must be at least 1000')
        .max(7 * 86_400_000, 'resumeAfterMs must be at most 7 days')
        .optional(),
    }),
    returns<QueueSummary>(),
  ),
  'queues.resume': command(
    strictShape({ queue: queueName, scope: oneOf(['global', 'local'], 'scope').default('global') }),
    returns<QueueSummary>(),
  ),

  // Jobs.
  'jobs.page': query(
    strictShape({
      queue: queueName,
      state: jobState,
      page: z.number().int().min(0, 'page must be 0 or more').max(100_000_000),
      pageSize: z.number().int().min(1).max(500, 'pageSize must be at most 500').default(50),
    }),
    returns<JobPage>(),
  ),
  'jobs.get': query(strictShape({ queue: queueName, id: jobId }), returns<JobDetail>()),
  /** The job's data as pretty JSON text, loaded only when someone opens it. */
  'jobs.data': query(strictShape({ queue: queueName, id: jobId }), returns<string>()),
  'jobs.retry': command(strictShape({ queue: queueName, id: jobId }), returns<JobDetail>()),
  'jobs.promote': command(strictShape({ queue: queueName, id: jobId }), returns<JobDetail>()),
  'jobs.remove': command(
    strictShape({ queue: queueName, id: jobId, confirm }),
    returns<{ removed: boolean }>(),
  ),
  /** How many jobs a bulk action would touch: shown before it is confirmed. */
  'jobs.bulkCount': query(
    strictShape({ queue: queueName, state: jobState, action: oneOf(BULK_ACTIONS, 'action') }),
    returns<{ count: number }>(),
  ),
  /** Starts a bulk action in batches; progress arrives as `jobs.bulkProgress` events. */
  'jobs.bulk': command(
    strictShape({
      queue: queueName,
      state: jobState,
      action: oneOf(BULK_ACTIONS, 'action'),
      /** The count the person confirmed; a bulk action never touches more than this. */
      expected: z.number().int().min(0),
      /** For `clean`: only jobs older than this many ms. */
      graceMs: z.number().int().min(0).default(0),
      confirm,
    }),
    returns<{ operationId: string }>(),
  ),

  // Schedules.
  'schedules.list': query(none, returns<ScheduleRow[]>()),
  'schedules.validate': query(
    strictShape({ schedule: draft }),
    returns<{ schedule: Schedule; next: FireTime[] }>(),
  ),
  'schedules.preview': query(
    strictShape({
      cron: z.string().max(200),
      tz: z.string().max(100),
      count: z.number().int().min(1).max(50).default(10),
    }),
    returns<FireTime[]>(),
  ),
  'schedules.save': command(
    strictShape({ schedule: draft, create: z.boolean() }),
    returns<ScheduleRow>(),
  ),
  'schedules.setEnabled': command(
    strictShape({ id: idText('id'), enabled: z.boolean() }),
    returns<ScheduleRow>(),
  ),
  'schedules.remove': command(
    strictShape({ id: idText('id'), confirm }),
    returns<{ removed: boolean }>(),
  ),
  /** Adds one job now, outside the cron (its id says so; the ledger is not touched). */
  'schedules.runNow': command(strictShape({ id: idText('id') }), returns<{ jobId: string }>()),
  'schedules.ledger': query(
    strictShape({ id: idText('id'), limit: z.number().int().min(1).max(1_000).default(50) }),
    returns<LedgerReport>(),
  ),

  // Rules.
  'rules.list': query(none, returns<RuleRow[]>()),
  /** The metric sources a Rule can read, by id, for the Rule form to offer. */
  'sources.list': query(none, returns<SourceSummary[]>()),
  'rules.validate': query(strictShape({ rule: draft }), returns<RuleRow['rule']>()),
  'rules.save': command(strictShape({ rule: draft, create: z.boolean() }), returns<RuleRow>()),
  'rules.remove': command(
    strictShape({ id: idText('id'), confirm }),
    returns<{ removed: boolean }>(),
  ),
  /** Runs a saved or draft Rule's query now and checks its condition; notifies nobody. */
  'rules.test': query(strictShape({ rule: draft }), returns<RuleTestResult>(), 30_000),
  'rules.replay': query(
    strictShape({ rule: draft, window: ReplayWindowSchema }),
    returns<ReplayTimeline>(),
    60_000,
  ),
  'rules.evaluations': query(
    strictShape({ id: idText('id'), limit: z.number().int().min(1).max(500).default(50) }),
    returns<EvaluationRecord[]>(),
  ),

  // Alerts, silences, acknowledgements.
  'alerts.active': query(none, returns<AlertInstance[]>()),
  'alerts.history': query(HistoryQuerySchema, returns<HistoryPage>()),
  'alerts.ack': command(
    strictShape({
      ruleId: idText('ruleId'),
      seriesKey: z.string().min(1).max(4_000),
      comment: z.string().max(2_000).default(''),
    }),
    returns<AlertInstance>(),
  ),
  'silences.list': query(
    none,
    returns<
      {
        id: string;
        matchers: z.infer<typeof LabelMatcherSchema>[];
        startsAtMs: number;
        endsAtMs: number;
        createdBy: string;
        comment: string;
        active: boolean;
      }[]
    >(),
  ),
  'silences.create': command(
    strictShape({
      matchers: z.array(LabelMatcherSchema).min(1, 'a silence needs at least one matcher').max(32),
      startsAtMs: z.number().int().optional(),
      endsAtMs: z.number().int(),
      comment: z.string().max(2_000).default(''),
    }),
    returns<{ id: string }>(),
  ),
  'silences.remove': command(strictShape({ id: idText('id') }), returns<{ removed: boolean }>()),

  // Channels.
  'channels.list': query(none, returns<ChannelView[]>()),
  'channels.save': command(
    strictShape({ channel: draft, create: z.boolean() }),
    returns<ChannelView>(),
  ),
  'channels.remove': command(
    strictShape({ id: idText('id'), confirm }),
    returns<{ removed: boolean }>(),
  ),
  'channels.test': command(strictShape({ id: idText('id') }), returns<ChannelTestResult>(), 30_000),

  // Profiles.
  'profiles.list': query(none, returns<ProfileSummary[]>()),
  'profiles.checks': query(none, returns<ConnectionReport>(), 20_000),
  'profiles.save': local(strictShape({ profile: draft }), returns<ProfileSummary>()),
  'profiles.remove': local(
    strictShape({ name: z.string().min(1).max(64) }),
    returns<{ removed: boolean }>(),
  ),
  /** Stops this console's node and starts it on another profile. */
  'profiles.switch': local(
    strictShape({ name: z.string().min(1).max(64) }),
    returns<AppInfo>(),
    60_000,
  ),

  // Audit.
  'audit.list': query(
    strictShape({
      limit: z.number().int().min(1).max(1_000).default(100),
      /** The `id` of the last entry of the previous page. */
      before: z
        .string()
        .regex(/^\d+-\d+$/, 'before must be an entry id')
        .optional(),
    }),
    returns<AuditEntry[]>(),
  ),
} as const satisfies Record<string, MethodSpec>;

/** Push events from main, with their payloads. */
export const events = {
  /** Every two seconds while a console is open. */
  'live.snapshot': returns<LiveSnapshot>(),
  'jobs.bulkProgress': returns<BulkProgress>(),
  /** A schedule, Rule, channel or silence changed on some node: lists should reload. */
  'config.changed': returns<{ area: 'schedules' | 'rules' | 'channels' | 'silences' }>(),
  'audit.appended': returns<AuditEntry>(),
  'profile.switched': returns<AppInfo>(),
  /** The desktop shell asks the renderer to open an alert (a notification was clicked). */
  'alerts.open': returns<{ ruleId: string; seriesKey: string }>(),
  /** The desktop shell asks the renderer to show a page (a tray menu action). */
  'console.show': returns<{ page: 'alerts' }>(),
} as const;

export type Contract = typeof contract;
export type Method = keyof Contract;
export type EventName = keyof typeof events;

/** The request a caller sends (defaults may be left out). */
export type RequestOf<M extends Method> = z.input<Contract[M]['request']>;
/** The request a handler receives, parsed and with defaults filled in. */
export type ParsedRequestOf<M extends Method> = z.output<Contract[M]['request']>;
export type ResponseOf<M extends Method> = Contract[M]['response'];
export type EventPayload<E extends EventName> = (typeof events)[E];

/** The renderer's API: one function per method, always resolving to a Result. */
export type ConsoleApi = {
  [M in Method]: (request: RequestOf<M>) => Promise<Result<ResponseOf<M>>>;
};

/** What main implements: one handler per method, given the parsed request. */
export type ConsoleHandlers<Ctx> = {
  [M in Method]: (request: ParsedRequestOf<M>, ctx: Ctx) => Promise<Result<ResponseOf<M>>>;
};

export const METHODS = Object.keys(contract) as Method[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

/** The IPC channel of a method or event; the preload and main both use it. */
export const ipcChannel = (name: Method | EventName, kind: 'call' | 'event'): string =>
  `dipper:${kind}:${name}`;

/** Methods that need a typed confirmation outside the sandbox, and the field that names it. */
export const CONFIRMED: Partial<Record<Method, 'queue' | 'id'>> = {
  'jobs.remove': 'queue',
  'jobs.bulk': 'queue',
  'schedules.remove': 'id',
  'rules.remove': 'id',
  'channels.remove': 'id',
};
