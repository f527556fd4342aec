import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchPower } from '../../../main/shell/power.js';
import { startTestRedis, type TestRedis } from '../../harness/redis.js';
import { startTestConsole, type TestConsole } from '../console/console-harness.js';
import { quietLog } from '../queues/queue-harness.js';
import { powerMonitor, resetElectron } from './electron-stub.js';

vi.mock('electron', () => import('./electron-stub.js'));

describe('power events', () => {
  let redis: TestRedis;
  let testConsole: TestConsole;

  beforeAll(async () => {
    redis = await startTestRedis({ appendOnly: false });
    testConsole = await startTestConsole(redis.url, 'shell-power');
  });

  afterAll(async () => {
    await testConsole?.stop();
    await redis?.stop();
  });

  beforeEach(() => resetElectron());

  it("tell the running node's producer on resume that ticks before now were slept through", () => {
    const producer = testConsole.host.session()!.node.producer;
    const noteWake = vi.spyOn(producer, 'noteWake');
    let nowMs = 1_700_000_000_000;
    const undo = watchPower({
      producer: () => testConsole.host.session()?.node.producer,
      log: quietLog,
      now: () => nowMs,
    });

    powerMonitor.emit('suspend');
    nowMs += 3_600_000;
    powerMonitor.emit('resume');
    undo();
    powerMonitor.emit('resume');

    expect(noteWake.mock.calls).toEqual([[1_700_003_600_000]]);
    noteWake.mockRestore();
  });

  it('do nothing while no node runs (a profile switch is under way)', () => {
    watchPower({ producer: () => undefined, log: quietLog });

    expect(() => powerMonitor.emit('resume')).not.toThrow();
  });
});
