import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventListener } from '../../../main/console/host.js';
import { createTray, trayLabel } from '../../../main/shell/tray.js';
import type { LiveSnapshot } from '../../../shared/api/dto.js';
import { quietLog } from '../queues/queue-harness.js';
import { resetElectron, Tray, type MenuItem } from './electron-stub.js';

vi.mock('electron', () => import('./electron-stub.js'));

/** A snapshot with `firing` firing Alerts and `pending` pending ones. */
function snapshotWith(firing: number, pending = 0): LiveSnapshot {
  const alerts = (count: number, state: string) =>
    Array.from({ length: count }, (_, i) => ({ ruleId: `${state}${i}`, state }));
  return {
    atMs: 1_700_000_000_000,
    nodes: [],
    queues: [],
    firing: [...alerts(firing, 'firing'), ...alerts(pending, 'pending')] as never,
    throughput: [],
  };
}

function startTray() {
  let listener: EventListener = () => undefined;
  let paused = false;
  const actions: string[] = [];
  const handle = createTray({
    host: {
      subscribe: (l) => {
        listener = l;
        return () => undefined;
      },
    },
    openConsole: () => actions.push('open console'),
    openFiringAlerts: () => actions.push('open firing'),
    isPaused: () => paused,
    setPaused: (next) => {
      paused = next;
      actions.push(next ? 'pause' : 'resume');
    },
    quit: () => actions.push('quit'),
    log: quietLog,
  });
  const tray = Tray.created.at(-1)!;
  const item = (label: string): MenuItem => {
    const found = tray.menu?.template.find((i) => i.label?.startsWith(label));
    if (!found) throw new Error(`no menu item "${label}"`);
    return found;
  };
  return { handle, tray, emit: (e: LiveSnapshot) => listener('live.snapshot', e), item, actions };
}

describe('the tray', () => {
  beforeEach(() => resetElectron());

  it('names the firing count in its tooltip and title', () => {
    expect(trayLabel(0)).toEqual({ tooltip: 'Dipper - no alerts firing', title: '' });
    expect(trayLabel(1)).toEqual({ tooltip: 'Dipper - 1 alert firing', title: '1' });
    expect(trayLabel(12)).toEqual({ tooltip: 'Dipper - 12 alerts firing', title: '12' });
  });

  it('follows the firing count of the live snapshots', () => {
    const { tray, emit, item } = startTray();
    expect(tray.tooltip).toBe('Dipper - no alerts firing');

    emit(snapshotWith(3, 2));
    expect(tray.tooltip).toBe('Dipper - 3 alerts firing');
    expect(tray.title).toBe('3');
    expect(item('Open firing alerts').label).toBe('Open firing alerts (3)');

    emit(snapshotWith(0));
    expect(tray.tooltip).toBe('Dipper - no alerts firing');
    expect(tray.title).toBe('');
  });

  it('offers the quick actions in its menu', () => {
    const { tray, item, actions } = startTray();

    item('Open console').click?.();
    item('Open firing alerts').click?.();
    item('Quit Dipper').click?.();

    expect(actions).toEqual(['open console', 'open firing', 'quit']);
    expect(tray.menu?.template.map((i) => i.label ?? i.type)).toEqual([
      'Open console',
      'Open firing alerts',
      'separator',
      'Pause desktop notifications',
      'separator',
      'Quit Dipper',
    ]);
  });

  it('pauses and resumes desktop notifications and says so', () => {
    const { tray, item, actions, emit } = startTray();
    emit(snapshotWith(2));

    item('Pause desktop notifications').click?.();
    expect(tray.tooltip).toBe('Dipper - 2 alerts firing (notifications paused)');
    item('Resume desktop notifications').click?.();

    expect(actions).toEqual(['pause', 'resume']);
    expect(tray.tooltip).toBe('Dipper - 2 alerts firing');
  });

  it('removes the icon when disposed', () => {
    const { handle, tray } = startTray();

    handle.dispose();

    expect(tray.destroyed).toBe(true);
  });
});
