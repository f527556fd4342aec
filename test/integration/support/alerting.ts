import { readdir, readFile, readlink } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { createAlertingConfig, type AlertingConfig } from '../../../main/alerts/config-stores.js';
import { createEvaluationLog } from '../../../main/alerts/history/evaluation-log.js';
import { createHistoryStore } from '../../../main/alerts/history/history-store.js';
import { createAlertStore } from '../../../main/alerts/state/alert-store.js';
import type { Logger } from '../../../main/log/logger.js';
import type { TransitionRecord } from '../../../shared/alerting/history.js';
import { NotificationSchema, type Notification } from '../../../shared/alerting/notification.js';
import type { RuleInput } from '../../../shared/alerting/rule.js';
import type { Result } from '../../../shared/result.js';
import {
  startHttpReceiver,
  type Answer,
  type HttpReceiver,
  type ReceivedRequest,
} from '../../harness/http-receiver.js';
import type { Observer } from './observer.js';

const quiet: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => quiet,
};

/** The test's own alerting stores on an observer's connection, as the console would use them. */
export interface AlertingView {
  config: AlertingConfig;
  alerts: ReturnType<typeof createAlertStore>;
  history: ReturnType<typeof createHistoryStore>;
  evaluations: ReturnType<typeof createEvaluationLog>;
}

export function openAlertingView(observer: Observer, prefix: string): AlertingView {
  const { client } = observer;

  return {
    config: createAlertingConfig(client, prefix, observer.store, quiet),
    alerts: createAlertStore(client, prefix, quiet),
    history: createHistoryStore(client, prefix),
    evaluations: createEvaluationLog(client, prefix, quiet),
  };
}

/** The value of a successful Result; a failure throws with its message, for a readable test. */
export function must<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);

  return result.value;
}

/**
 * A local HTTP server that `http-json` sources read: each path answers `{ "value": n }` (plus
 * `extra` fields) or a raw answer the test sets, and 404 otherwise.
 */
export interface MetricServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  setValue(path: string, value: number, extra?: Record<string, unknown>): void;
  /** Answers `path` with `answer` (text bodies as is, delays, statuses) or never answers. */
  setAnswer(path: string, answer: Answer | 'hang'): void;
  /** Requests received for `path` so far. */
  hits(path: string): number;
  close(): Promise<void>;
}

export async function startMetricServer(): Promise<MetricServer> {
  const receiver: HttpReceiver = await startHttpReceiver();
  const answers = new Map<string, Answer | 'hang'>();
  receiver.respond((request) => answers.get(request.path) ?? { status: 404, body: 'no metric' });

  return {
    url: receiver.url,
    setValue(path, value, extra = {}) {
      answers.set(path, { status: 200, body: { ...extra, value } });
    },
    setAnswer(path, answer) {
      answers.set(path, answer);
    },
    hits: (path) => receiver.requests.filter((r) => r.path === path).length,
    close: () => receiver.close(),
  };
}

/** An `http-json` source reading `$.value` (and `$.service` as a label) from `url`. */
export function httpJsonSource(id: string, url: string, timeoutMs = 2_000) {
  return {
    id,
    name: id,
    config: {
      kind: 'http-json',
      url,
      valuePath: '$.value',
      labelPaths: { service: '$.service' },
      timeoutMs,
    },
  };
}

export function webhookChannel(id: string, url: string) {
  return { id, name: id, kind: 'webhook', url, enabled: true };
}

/** A Rule evaluated every second that fires at once when the value is above 10. */
export function everySecondRule(
  id: string,
  sourceId: string,
  overrides: Partial<RuleInput> = {},
): RuleInput {
  return {
    id,
    name: id,
    source: { sourceId, query: 'value' },
    condition: { op: '>', threshold: 10 },
    evaluate: { cron: '* * * * * *', tz: 'UTC' },
    severity: 'warning',
    summary: '{{ $value }} is above {{ $threshold }}',
    ...overrides,
  };
}

/** One webhook request read back: the Notification, its header key and the kind in its key. */
export interface ReceivedNotification {
  notification: Notification;
  headerKey: string;
  /** `firing`, `repeat` or `resolved`: the fourth part of `rule.route.group.kind.tick`. */
  kind: string;
  ruleId: string;
  /** The tick the key was made at, epoch ms. */
  tickMs: number;
  receivedAtMs: number;
}

export function readNotification(request: ReceivedRequest): ReceivedNotification {
  const notification = NotificationSchema.parse(request.body);
  const [ruleId = '', , , kind = '', tick = ''] = notification.idempotencyKey.split('.');

  return {
    notification,
    headerKey: request.headers['x-dipper-idempotency-key'] ?? '',
    kind,
    ruleId,
    tickMs: Number(tick),
    receivedAtMs: request.receivedAtMs,
  };
}

/** The webhook requests about one Rule, in arrival order. */
export function notificationsFor(
  requests: readonly ReceivedRequest[],
  ruleId: string,
): ReceivedNotification[] {
  return requests.map(readNotification).filter((n) => n.ruleId === ruleId);
}

/** The Rule's transitions in the history, oldest first, as `from>to@tick`. */
export async function transitionsOf(view: AlertingView, ruleId: string): Promise<string[]> {
  const page = must(
    await view.history.query({
      fromMs: 0,
      toMs: Date.now() + 60_000,
      ruleId,
      kinds: ['transition'],
      limit: 1_000,
    }),
  );

  return page.entries
    .filter((e): e is TransitionRecord & { id: string } => e.kind === 'transition')
    .map((e) => `${e.from}>${e.to}@${e.atMs}`)
    .reverse();
}

/** A loopback port with nothing listening on it (free when probed). */
export async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));

  return port;
}

/**
 * Which of `pids` hold an established TCP connection to 127.0.0.1:`port` (Linux: sockets from
 * /proc/net/tcp matched to each process's file descriptors). A node delivering to a receiver
 * that nothing else talks to is the one with the connection.
 */
export async function pidsConnectedTo(port: number, pids: readonly number[]): Promise<number[]> {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(table, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const remote = fields[2] ?? '';
      const isEstablished = fields[3] === '01';
      if (isEstablished && Number.parseInt(remote.split(':')[1] ?? '', 16) === port) {
        inodes.add(fields[9] ?? '');
      }
    }
  }

  const owners: number[] = [];
  for (const pid of pids) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => []);
    for (const fd of fds) {
      const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode && inodes.has(inode)) {
        owners.push(pid);
        break;
      }
    }
  }

  return owners;
}
