import { createRequire } from 'node:module';
import { beforeEach, describe, expect, it } from 'vitest';
import type { NodeInfo } from '../../../shared/node.js';
import { waitFor } from '../../harness/wait.js';
import { useTestConsoles, type TestConsole } from './console-harness.js';

const { version } = createRequire(import.meta.url)('../../../package.json') as { version: string };

describe('console app methods', () => {
  const consoles = useTestConsoles();
  let c: TestConsole;

  beforeEach(async () => {
    c = await consoles.start('app');
  });
  it('app.info says who runs the console, on which node, profile and version', async () => {
    const info = await c.value('app.info', {});

    expect(info).toEqual({
      version,
      nodeId: c.session.node.nodeId,
      user: 'tester',
      host: 'test-host',
      mode: 'browser',
      profile: {
        name: 'test',
        kind: 'standalone',
        readOnly: false,
        prefix: c.prefix,
        target: consoles.redis.url,
        active: true,
      },
    });
  });

  it('nodes.list marks a node that missed two heartbeats as not live', async () => {
    const { client } = c.session.node.connection;
    const [seconds] = await client.time();
    const ghost: NodeInfo = {
      id: 'ghost',
      host: 'laptop-7',
      pid: 4242,
      kind: 'desktop',
      version,
      queues: ['mail'],
      concurrency: 4,
      startedAt: 0,
      // Three 200 ms heartbeats ago; the record itself has not expired yet.
      lastSeen: Number(seconds) * 1000 - 600,
      clockOffsetMs: 0,
      heartbeatIntervalMs: 200,
    };
    await client.set(c.session.node.keys.node('ghost'), JSON.stringify(ghost), 'PX', 60_000);
    await client.sadd(c.session.node.keys.nodes, 'ghost');

    // The first heartbeat is written before the node's workers start; the next one names them.
    const nodes = await waitFor(async () => {
      const list = await c.value('nodes.list', {});
      const me = list.find((n) => n.id === c.session.node.nodeId);
      return me?.queues.length ? list : null;
    }, "this node's heartbeat with its queues");

    const self = nodes.find((n) => n.id === c.session.node.nodeId);
    // A console in browser mode is a `server` node; `dipper node` is `headless`.
    expect(self).toMatchObject({
      kind: 'server',
      live: true,
      heartbeatIntervalMs: 200,
      host: expect.any(String),
    });
    expect(self?.queues).toContain('dipper.notifications');
    expect(nodes.find((n) => n.id === 'ghost')).toEqual({ ...ghost, live: false });
  });

  it('audit.list pages the commands people ran, newest first', async () => {
    await c.value('queues.pause', { queue: 'mail', reason: 'maintenance' });
    await c.value('queues.resume', { queue: 'mail' });
    await waitFor(async () => (await c.value('audit.list', {})).length === 2, 'two audit entries');

    const [newest] = await c.value('audit.list', { limit: 1 });
    const older = await c.value('audit.list', { limit: 10, before: newest!.id });

    expect(newest).toMatchObject({ action: 'queues.resume', target: 'mail', user: 'tester' });
    expect(older).toHaveLength(1);
    expect(older[0]).toMatchObject({ action: 'queues.pause', outcome: 'ok', profile: 'test' });
    expect(older[0]!.detail).toContain('maintenance');
  });
});
