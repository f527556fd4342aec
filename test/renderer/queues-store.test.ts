import { beforeEach, describe, expect, it } from 'vitest';
import { fail, ok } from '../../shared/result.js';
import { useQueuesStore } from '../../renderer/stores/queues.js';
import { queueSummary } from './fixtures.js';
import { installMockApi, type MockTransport } from './mock-api.js';

let mock: MockTransport;

beforeEach(() => {
  mock = installMockApi();
  useQueuesStore.setState(useQueuesStore.getInitialState(), true);
});

describe('queues store', () => {
  it('loads the queue list and is ready', async () => {
    mock.api['queues.list'].mockResolvedValue(ok([queueSummary(), queueSummary({ name: 'pdf' })]));

    await useQueuesStore.getState().load();

    const state = useQueuesStore.getState();
    expect(state.status).toBe('ready');
    expect(state.queues.map((queue) => queue.name)).toEqual(['emails', 'pdf']);
  });

  it('keeps the message of a failed load', async () => {
    mock.api['queues.list'].mockResolvedValue(
      fail('REDIS_UNAVAILABLE', 'redis at 10.0.0.5:6379 refused the connection'),
    );

    await useQueuesStore.getState().load();

    expect(useQueuesStore.getState().status).toBe('error');
    expect(useQueuesStore.getState().error).toBe('redis at 10.0.0.5:6379 refused the connection');
  });

  it('replaces the paused queue with the summary main returns', async () => {
    useQueuesStore.getState().receive([queueSummary(), queueSummary({ name: 'pdf' })]);
    const paused = queueSummary({
      paused: true,
      pause: { by: 'ana', host: 'laptop', atMs: 1_000, reason: 'smtp down', resumeAtMs: 61_000 },
    });
    mock.api['queues.pause'].mockResolvedValue(ok(paused));

    const result = await useQueuesStore.getState().pause({
      queue: 'emails',
      scope: 'global',
      reason: 'smtp down',
      resumeAfterMs: 60_000,
    });

    expect(result.ok).toBe(true);
    expect(mock.api['queues.pause']).toHaveBeenCalledWith({
      queue: 'emails',
      scope: 'global',
      reason: 'smtp down',
      resumeAfterMs: 60_000,
    });
    expect(useQueuesStore.getState().queues.map((queue) => [queue.name, queue.paused])).toEqual([
      ['emails', true],
      ['pdf', false],
    ]);
  });

  it('leaves the list alone when a resume is refused', async () => {
    useQueuesStore.getState().receive([queueSummary({ paused: true })]);
    mock.api['queues.resume'].mockResolvedValue(
      fail('FORBIDDEN', 'profile "prod" is read-only; queues.resume would change it'),
    );

    const result = await useQueuesStore.getState().resume('emails', 'global');

    expect(result).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(useQueuesStore.getState().queues[0]?.paused).toBe(true);
  });

  it('loads the workers of one queue', async () => {
    mock.api['queues.workers'].mockResolvedValue(
      ok([{ name: 'node-a', addr: '10.0.0.7:5120', ageSec: 30, idleSec: 2 }]),
    );

    await useQueuesStore.getState().loadWorkers('emails');

    expect(mock.api['queues.workers']).toHaveBeenCalledWith({ queue: 'emails' });
    expect(useQueuesStore.getState().workers.emails).toEqual({
      workers: [{ name: 'node-a', addr: '10.0.0.7:5120', ageSec: 30, idleSec: 2 }],
      status: 'ready',
      error: null,
    });
  });
});
