import { createAlerting, type Alerting } from '../../alerts/alerting.js';
import { openConnection, type RedisClient } from '../../connection/connection.js';
import { withDeadline } from '../../connection/deadline.js';
import { dipperKeys } from '../../connection/keys.js';
import type { ResolvedProfile } from '../../connection/resolve.js';
import { createRecordedStore, type RecordedStore } from '../../alerts/sources/recorded-store.js';
import { createLogger, type Logger } from '../../log/logger.js';
import { createQueueRegistry } from '../../queues/queue-registry.js';
import { createScheduleStore, type ScheduleStore } from '../../scheduler/schedule-store.js';
import { fail } from '../../../shared/result.js';
import { explainUnavailable, must, resolveProfile, type CommonOptions } from '../context.js';
import { CliFailure } from '../output.js';

/** A short command's view of alerting: the stores, the sources and delivery, no processors. */
export interface AlertingSession {
  /** The one connection everything in the session uses. */
  client: RedisClient;
  alerting: Alerting;
  schedules: ScheduleStore;
  recorded: RecordedStore;
  resolved: ResolvedProfile;
  log: Logger;
  /** Awaits Redis work under a deadline; a timeout or an outage ends the command. */
  call<T>(work: Promise<T>, what: string, deadlineMs?: number): Promise<T>;
  /** Ends the command with FORBIDDEN on a read-only profile. */
  requireWritable(what: string): void;
}

/**
 * Runs `body` with alerting on one connection and queue registry (queues open only when a
 * `queues` source reads one), and always closes them and a sandbox it started.
 */
export async function withAlerting<T>(
  options: CommonOptions,
  body: (session: AlertingSession) => Promise<T>,
): Promise<T> {
  const log = createLogger('cli');
  const resolved = await resolveProfile(options, log);
  const connection = openConnection(resolved.target, resolved.prefix, log);
  const queues = createQueueRegistry(connection, log);
  const schedules = createScheduleStore(connection.client, dipperKeys(resolved.prefix), log);
  const alerting = createAlerting({ connection, queues, schedules, log });
  const explain = explainUnavailable(connection.client);
  const session: AlertingSession = {
    client: connection.client,
    alerting,
    schedules,
    recorded:
      alerting.deps.sourceDeps.recorded ?? createRecordedStore(connection.client, resolved.prefix),
    resolved,
    log,
    call: async (work, what, deadlineMs) =>
      must(explain(await withDeadline(work, what, deadlineMs))),
    requireWritable(what) {
      if (!resolved.readOnly) return;
      throw new CliFailure(fail('FORBIDDEN', `the profile is read-only; not ${what}`));
    },
  };

  try {
    return await body(session);
  } finally {
    await queues.closeAll();
    await connection.close();
    await resolved.release();
  }
}
