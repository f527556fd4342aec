import { createAlerting, type Alerting } from '../../../main/alerts/alerting.js';
import { dipperKeys } from '../../../main/connection/keys.js';
import { platformDepsFrom, type PlatformDeps } from '../../../main/jobs/index.js';
import { createScheduleStore } from '../../../main/scheduler/schedule-store.js';
import { openTestNode, quietLog, uniquePrefix, type TestNode } from '../queues/queue-harness.js';
import { fakeContext, type FakeContext } from '../queues/fake-context.js';

/** One node's alerting on a test redis-server, with the platform deps wired as node.ts does. */
export interface PlatformNode extends TestNode {
  prefix: string;
  alerting: Alerting;
  deps: PlatformDeps;
}

export function openPlatformNode(port: number, name: string): PlatformNode {
  const prefix = uniquePrefix(name);
  const node = openTestNode(port, prefix);
  const { client } = node.connection;
  const schedules = createScheduleStore(client, dipperKeys(prefix), quietLog);
  const alerting = createAlerting({
    connection: node.connection,
    queues: node.registry,
    schedules,
    log: quietLog,
  });

  return {
    ...node,
    prefix,
    alerting,
    deps: platformDepsFrom(node.connection, alerting, quietLog),
  };
}

/** The context of the Job a Schedule produces for `tickMs`: `tick.<scheduleId>.<tickMs>`. */
export function tickContext(name: string, data: unknown, tickMs: number): FakeContext {
  return fakeContext(data, { name, jobId: `tick.${name.replace('.', '-')}.${tickMs}` });
}
