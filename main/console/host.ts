import { hostname, userInfo } from 'node:os';
import { createRedisClient, type RedisTarget } from '../connection/connection.js';
import { withDeadline } from '../connection/deadline.js';
import type { Profile } from '../../shared/profile.js';
import type { ProfileStore } from '../connection/profile-store.js';
import { resolveTarget } from '../connection/resolve.js';
import type { SandboxOptions } from '../connection/sandbox.js';
import type { Logger } from '../log/logger.js';
import { createRecordedStore } from '../alerts/sources/recorded-store.js';
import { demoProcessors, ensureDemo } from '../node/demo.js';
import { startNode, type NodeOptions } from '../node/node.js';
import type { ProcessorRegistry } from '../queues/processor.js';
import { VERSION } from '../node/version.js';
import type { EventName, EventPayload } from '../../shared/api/contract.js';
import type { AppInfo } from '../../shared/api/dto.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { createAuditLog } from './audit.js';
import { createDispatcher, type Dispatch } from './dispatch.js';
import { consoleHandlers } from './handlers/index.js';
import { describeTarget, profileSummary } from './profile-summary.js';
import { buildLiveSnapshot } from './live.js';
import type { ConsoleSession, Operator } from './session.js';

/** How long a profile's Redis gets to answer a first PING, ms. */
const PROBE_MS = 5_000;

/** How often open consoles get a `live.snapshot`, ms. */
export const LIVE_INTERVAL_MS = 2_000;

export type EventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface ConsoleHostOptions {
  /** The profile to start on. */
  profile: Profile;
  profiles: ProfileStore;
  mode: 'desktop' | 'browser';
  processors: ProcessorRegistry;
  log: Logger;
  /** Create the demo schedules, sources and Rules when they are missing (sandbox only). */
  demo?: boolean;
  operator?: Operator;
  sandbox?: SandboxOptions;
  /** Extra node settings (tests shorten heartbeats and locks). */
  node?: Partial<Omit<NodeOptions, 'target' | 'prefix' | 'processors' | 'log'>>;
  liveIntervalMs?: number;
  /** Overrides every call's deadline (tests). */
  deadlineMs?: number;
}

/** A console's main side: one node on one profile, the dispatcher, and the push events. */
export interface ConsoleHost {
  dispatch: Dispatch;
  session(): ConsoleSession | undefined;
  info(): AppInfo;
  /** Receives every push event; returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void;
  stop(): Promise<void>;
}

export { describeTarget, profileSummary };

function currentOperator(): Operator {
  let user = process.env.USER ?? 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // Some containers have no passwd entry for the uid; the environment's USER will do.
  }
  return { user, host: hostname() };
}

/** Starts a node on the profile and everything a console needs around it. */
export async function startConsoleHost(options: ConsoleHostOptions): Promise<Result<ConsoleHost>> {
  const log = options.log;
  const operator = options.operator ?? currentOperator();
  const listeners = new Set<EventListener>();
  const emit: EventListener = (event, payload) => {
    for (const listener of listeners) {
      try {
        listener(event, payload);
      } catch (error) {
        log.warn('event listener failed', { event, err: error });
      }
    }
  };

  let current: ConsoleSession | undefined;
  let currentProfile: Profile = options.profile;

  async function open(profile: Profile): Promise<Result<ConsoleSession>> {
    const resolved = await resolveTarget(profile, {
      log: log.child('connection'),
      ...(options.sandbox ? { sandbox: options.sandbox } : {}),
    });
    if (!resolved.ok) return resolved;
    const { target, prefix } = resolved.value;
    const reachable = await probe(target, profile.name);
    if (!reachable.ok) {
      await resolved.value.release();
      return reachable;
    }
    let node;
    try {
      node = await startNode({
        kind: options.mode === 'desktop' ? 'desktop' : 'server',
        ...options.node,
        target,
        prefix,
        processors: options.processors,
        log: log.child('node'),
        alerting: true,
      });
    } catch (error) {
      await resolved.value.release();
      return fail(
        'REDIS_UNAVAILABLE',
        `cannot start a node on "${profile.name}": ${String(error)}`,
      );
    }
    const alerting = node.alerting;
    if (!alerting) throw new Error('a console node runs alerting');
    if (options.demo && profile.kind === 'sandbox') {
      const recorded = createRecordedStore(node.connection.client, prefix);
      for (const [name, processor] of Object.entries(demoProcessors(recorded))) {
        if (!options.processors.get(name).ok) options.processors.register(name, processor);
      }
      const created = await ensureDemo(node.store, alerting.config);
      if (created.length > 0) log.info('demo created', { created });
    }

    return ok({
      node,
      alerting,
      resolved: resolved.value,
      profileName: profile.name,
      profileKind: profile.kind,
      profile: profileSummary(profile, true),
      profiles: options.profiles,
      operator,
      mode: options.mode,
      audit: createAuditLog(node.connection.client, prefix),
      log,
      emit,
      switchProfile,
    });
  }

  /** One PING under a deadline, so that an unreachable profile fails fast and says why. */
  async function probe(target: RedisTarget, name: string): Promise<Result<void>> {
    const client = createRedisClient(target, log.child('probe'), 'probe');
    let lastError = '';
    client.on('error', (error: Error) => (lastError = error.message));
    try {
      const answer = await withDeadline(client.ping(), `reaching Redis of "${name}"`, PROBE_MS);
      if (answer.ok) return ok(undefined);
      return fail(
        'REDIS_UNAVAILABLE',
        lastError ? `${answer.message} (last error: ${lastError})` : answer.message,
      );
    } finally {
      client.disconnect();
    }
  }

  async function close(session: ConsoleSession): Promise<void> {
    await session.node.stop(5_000);
    await session.resolved.release();
  }

  function info(): AppInfo {
    return {
      version: VERSION,
      nodeId: current?.node.nodeId ?? '',
      user: operator.user,
      host: operator.host,
      mode: options.mode,
      profile: profileSummary(currentProfile, true),
    };
  }

  let switching: Promise<Result<AppInfo>> | undefined;
  async function switchProfile(name: string): Promise<Result<AppInfo>> {
    if (switching) return fail('CONFLICT', 'a profile switch is already under way');
    const run = async (): Promise<Result<AppInfo>> => {
      const profile = await options.profiles.get(name);
      if (!profile.ok) return profile;
      // The new node starts (or fails) while the old one keeps serving: a profile that cannot
      // be reached leaves the console where it was, never on no profile at all.
      const opened = await open(profile.value);
      if (!opened.ok) {
        return fail(opened.code, `cannot switch to "${name}": ${opened.message}`);
      }
      const previous = current;
      current = opened.value;
      currentProfile = profile.value;
      if (previous) await close(previous);
      log.info('profile switched', { profile: name });
      emit('profile.switched', info());
      return ok(info());
    };
    switching = run();
    try {
      return await switching;
    } finally {
      switching = undefined;
    }
  }

  const first = await open(options.profile);
  if (!first.ok) return first;
  current = first.value;

  const dispatch = createDispatcher({
    handlers: consoleHandlers,
    session: () => current,
    log: log.child('ipc'),
    ...(options.deadlineMs ? { deadlineMs: options.deadlineMs } : {}),
  });

  let liveBusy = false;
  const liveTimer = setInterval(() => {
    const session = current;
    if (!session || listeners.size === 0 || liveBusy) return;
    liveBusy = true;
    buildLiveSnapshot(session)
      .then((snapshot) => emit('live.snapshot', snapshot))
      .catch((error: unknown) => log.debug('live snapshot failed', { err: error }))
      .finally(() => (liveBusy = false));
  }, options.liveIntervalMs ?? LIVE_INTERVAL_MS);
  liveTimer.unref();

  return ok({
    dispatch,
    session: () => current,
    info,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async stop() {
      clearInterval(liveTimer);
      listeners.clear();
      // A switch under way is bounded by its probe; never wait on it forever.
      if (switching) {
        await Promise.race([
          switching.catch(() => undefined),
          new Promise((resolve) => setTimeout(resolve, 2 * PROBE_MS).unref()),
        ]);
      }
      const session = current;
      current = undefined;
      if (session) await close(session);
    },
  });
}
