import { beforeEach, describe, expect, it } from 'vitest';
import type { LiveSnapshot } from '../../shared/api/dto.js';
import { ok } from '../../shared/result.js';
import { useJobsStore } from '../../renderer/stores/jobs.js';
import { useLiveStore } from '../../renderer/stores/live.js';
import { useNodesStore } from '../../renderer/stores/nodes.js';
import { useQueuesStore } from '../../renderer/stores/queues.js';
import { appInfo, queueSummary } from './fixtures.js';
import { installMockApi, type MockTransport } from './mock-api.js';

let mock: MockTransport;

function snapshot(atMs: number, queue = 'emails'): LiveSnapshot {
  return {
    atMs,
    nodes: [
      {
        id: 'node-a',
        host: 'laptop',
        pid: 10,
        kind: 'desktop',
        version: '0.1.0',
        queues: [queue],
        concurrency: 1,
        startedAt: 0,
        lastSeen: atMs,
        clockOffsetMs: -12,
        live: true,
      },
    ],
    queues: [queueSummary({ name: queue })],
    firing: [],
    throughput: [{ atMs, completed: 5, failed: 1 }],
  };
}

beforeEach(() => {
  mock = installMockApi();
  useLiveStore.setState(useLiveStore.getInitialState(), true);
  useNodesStore.setState(useNodesStore.getInitialState(), true);
  useQueuesStore.setState(useQueuesStore.getInitialState(), true);
  useJobsStore.setState(useJobsStore.getInitialState(), true);
  mock.api['app.info'].mockResolvedValue(ok(appInfo()));
  mock.api['live.snapshot'].mockResolvedValue(ok(snapshot(1_000)));
});

describe('live store', () => {
  it('loads app.info and a snapshot on start and feeds the nodes and queues stores', async () => {
    const stop = useLiveStore.getState().start();

    await expect.poll(() => useLiveStore.getState().status).toBe('ready');
    expect(useLiveStore.getState().app?.profile.name).toBe('sandbox');
    expect(useNodesStore.getState().nodes.map((node) => node.clockOffsetMs)).toEqual([-12]);
    expect(useQueuesStore.getState().queues.map((queue) => queue.name)).toEqual(['emails']);
    stop();
  });

  it('takes each pushed snapshot', async () => {
    const stop = useLiveStore.getState().start();
    await expect.poll(() => useLiveStore.getState().status).toBe('ready');

    mock.emit('live.snapshot', snapshot(3_000, 'pdf'));

    expect(useLiveStore.getState().snapshot?.atMs).toBe(3_000);
    expect(useQueuesStore.getState().queues.map((queue) => queue.name)).toEqual(['pdf']);
    stop();
    expect(mock.listenerCount('live.snapshot')).toBe(0);
  });

  it('starts over on a profile switch: new app info, jobs cleared, state read again', async () => {
    const stop = useLiveStore.getState().start();
    await expect.poll(() => useLiveStore.getState().status).toBe('ready');
    useJobsStore.getState().select('emails', 'failed');
    mock.api['live.snapshot'].mockResolvedValue(ok(snapshot(9_000, 'billing')));

    mock.emit('profile.switched', appInfo({ name: 'prod', kind: 'cluster' }));

    expect(useLiveStore.getState().app?.profile.name).toBe('prod');
    expect(useLiveStore.getState().profileEpoch).toBe(1);
    expect(useJobsStore.getState().queue).toBeNull();
    expect(useQueuesStore.getState().queues).toEqual([]);
    await expect.poll(() => useLiveStore.getState().snapshot?.atMs).toBe(9_000);
    expect(useQueuesStore.getState().queues.map((queue) => queue.name)).toEqual(['billing']);
    stop();
  });

  it('reads the state again when the connection comes back', async () => {
    const stop = useLiveStore.getState().start();
    await expect.poll(() => useLiveStore.getState().status).toBe('ready');
    const calls = mock.api['live.snapshot'].mock.calls.length;

    mock.setConnected(false);
    expect(useLiveStore.getState().connected).toBe(false);
    mock.setConnected(true);

    await expect.poll(() => mock.api['live.snapshot'].mock.calls.length).toBe(calls + 1);
    expect(useLiveStore.getState().connected).toBe(true);
    stop();
  });
});
