import type { AlertInstance, AlertState, EvaluationRecord } from '../alerting/alert.js';
import type { Channel } from '../alerting/channel.js';
import type { Rule } from '../alerting/rule.js';
import type { SourceKind } from '../alerting/source.js';
import type { ConnectionReport } from '../connection.js';
import type { TickRecord } from '../ledger.js';
import type { NodeInfo } from '../node.js';
import type { Schedule } from '../schedule.js';

/** The job states a Bull queue keeps, as the console lists them. */
export const JOB_STATES = [
  'waiting',
  'active',
  'delayed',
  'failed',
  'completed',
  'paused',
] as const;
export type JobState = (typeof JOB_STATES)[number];

/** Bulk actions and the states each one applies to. */
export const BULK_ACTIONS = ['retry', 'remove', 'promote', 'clean'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

/** Who is running this console and against what. */
export interface AppInfo {
  version: string;
  nodeId: string;
  user: string;
  host: string;
  /** `desktop` inside Electron, `browser` when served by `dipper serve`. */
  mode: 'desktop' | 'browser';
  profile: ProfileSummary;
}

/** A saved connection profile, without secrets. */
export interface ProfileSummary {
  name: string;
  kind: 'sandbox' | 'standalone' | 'cluster';
  readOnly: boolean;
  prefix: string;
  /** Where it points: the URL with the password masked, or the cluster seeds. */
  target: string;
  active: boolean;
}

/** The pause a person set on a queue, everywhere or on one node. Times are epoch ms. */
export interface PauseInfo {
  by: string;
  host: string;
  atMs: number;
  reason: string;
  /** When the queue resumes by itself; null: until someone resumes it. */
  resumeAtMs: number | null;
}

/** A queue at a glance. */
export interface QueueSummary {
  name: string;
  counts: Record<JobState, number>;
  /** Paused for every node (Bull's global pause). */
  paused: boolean;
  pause: PauseInfo | null;
  /** Nodes whose own workers on this queue are paused (Bull's local pause). */
  pausedOnNodes: string[];
  /** Who paused the queue on each node of `pausedOnNodes` and why, by node id, where known. */
  localPauses: Record<string, PauseInfo>;
  /** Bull workers connected to this queue. */
  workers: number;
}

/** A Bull worker connection as Redis reports it. */
export interface WorkerInfo {
  name: string;
  addr: string;
  ageSec: number;
  idleSec: number;
}

/** A job as one row of a list: texts already cut short. */
export interface JobRow {
  id: string;
  name: string;
  /** False when the job's hash could not be parsed; `raw` then holds what Redis has. */
  readable: boolean;
  timestampMs: number | null;
  processedOnMs: number | null;
  finishedOnMs: number | null;
  attemptsMade: number;
  /** The first 200 characters of the data as JSON. */
  dataPreview: string;
  /** The first 200 characters of the failure reason. */
  failedReason: string | null;
  progress: number | string | null;
  delayMs: number;
  raw?: Record<string, string>;
}

/** One page of a state's jobs, newest first. */
export interface JobPage {
  queue: string;
  state: JobState;
  page: number;
  pageSize: number;
  total: number;
  jobs: JobRow[];
}

/** Everything about one job; the data itself comes from `jobs.data` on demand. */
export interface JobDetail extends JobRow {
  state: JobState | 'unknown';
  /** Size of the data in bytes of JSON. */
  dataBytes: number;
  opts: Record<string, unknown>;
  stacktrace: string[];
  returnValue: string | null;
  logs: string[];
  /** The job's moments in order: created, delayed until, started, finished or failed. */
  timeline: { atMs: number; event: string }[];
}

/** A bulk operation's progress, pushed as `jobs.bulkProgress`. */
export interface BulkProgress {
  operationId: string;
  queue: string;
  state: JobState;
  action: BulkAction;
  done: number;
  total: number;
  finished: boolean;
  error: string | null;
}

/** A schedule with what the ledger says of it. */
export interface ScheduleRow {
  schedule: Schedule;
  /** Epoch ms; null when disabled or the cron has no next time. */
  nextRunMs: number | null;
  lastTick: TickRecord | null;
  missed: number;
  duplicated: number;
  /** True for a Rule's evaluation schedule: edited through the Rule. */
  ownedByRule: boolean;
}

/** Next fire times of a cron, each in the schedule's zone and in UTC. */
export interface FireTime {
  atMs: number;
  zoned: string;
  utc: string;
}

/** A Rule with the states of its Alerts. */
export interface RuleRow {
  rule: Rule;
  worst: AlertState;
  states: Partial<Record<AlertState, number>>;
  lastEvaluation: EvaluationRecord | null;
}

/** One series as a test of a Rule saw it now. */
export interface RuleTestSeries {
  labels: Record<string, string>;
  value: number | null;
  conditionMet: boolean;
}

export interface RuleTestResult {
  atMs: number;
  durationMs: number;
  threshold: number;
  series: RuleTestSeries[];
  error: string | null;
}

/** A metric source a Rule can read, as the Rule form offers it (no URLs, no credentials). */
export interface SourceSummary {
  id: string;
  name: string;
  kind: SourceKind;
}

/** A channel as the console shows it: secrets replaced by `"***"`. */
export type ChannelView = Channel & {
  /** Where it sends: the URL without credentials, query or token-like path parts. */
  sendsTo?: string;
};

/** The outcome of a test notification. */
export interface ChannelTestResult {
  ok: boolean;
  message: string;
  durationMs: number;
}

/** One operator action, shared through Redis. */
export interface AuditEntry {
  id: string;
  atMs: number;
  user: string;
  host: string;
  profile: string;
  action: string;
  target: string;
  detail: string;
  outcome: 'ok' | 'failed';
}

/** One throughput sample: jobs finished since the previous sample, across all queues. */
export interface ThroughputPoint {
  atMs: number;
  completed: number;
  failed: number;
}

/** What the overview page and the tray need, pushed as `live.snapshot`. */
export interface LiveSnapshot {
  atMs: number;
  nodes: (NodeInfo & { live: boolean })[];
  queues: QueueSummary[];
  firing: AlertInstance[];
  throughput: ThroughputPoint[];
}

export type { AlertInstance, ConnectionReport, EvaluationRecord, NodeInfo };
