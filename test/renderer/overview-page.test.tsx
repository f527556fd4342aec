import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AlertInstance, LiveSnapshot } from '../../shared/api/dto.js';
import { OverviewPage } from '../../renderer/pages/overview/OverviewPage.js';
import { useLiveStore } from '../../renderer/stores/live.js';
import { queueSummary } from './fixtures.js';
import { installMockApi } from './mock-api.js';
import { renderInConsole } from './render.js';

function firing(count: number): AlertInstance[] {
  return Array.from({ length: count }, (_, i) => ({
    ruleId: 'queue-backlog',
    seriesKey: `queue=q${i}`,
    labels: { queue: `q${i}`, severity: 'page' },
    state: 'firing',
    value: 1_000 + i,
    activeSinceMs: 0,
    firingSinceMs: 0,
    lastEvalMs: 0,
  }));
}

function snapshot(alerts: AlertInstance[]): LiveSnapshot {
  const atMs = Date.UTC(2025, 0, 1, 12, 0, 0);
  return {
    atMs,
    nodes: [
      {
        id: 'node-a',
        host: 'ops-1',
        pid: 7,
        kind: 'headless',
        version: '0.1.0',
        queues: ['emails'],
        concurrency: 4,
        startedAt: atMs - 3_600_000,
        lastSeen: atMs - 4_000,
        clockOffsetMs: 1_850,
        live: true,
      },
    ],
    queues: [queueSummary()],
    firing: alerts,
    throughput: [
      { atMs: atMs - 2_000, completed: 40, failed: 2 },
      { atMs, completed: 55, failed: 0 },
    ],
  };
}

beforeEach(() => {
  installMockApi();
  useLiveStore.setState(useLiveStore.getInitialState(), true);
});

describe('OverviewPage', () => {
  it('shows each node with its kind, clock offset, last heartbeat and liveness', () => {
    useLiveStore.getState().receive(snapshot([]));
    renderInConsole(<OverviewPage />);

    const row = screen.getByText('node-a').closest('tr') as HTMLElement;
    expect(within(row).getByText('headless')).toBeTruthy();
    expect(within(row).getByText('1850 ms')).toBeTruthy();
    expect(within(row).getByText('4 s ago')).toBeTruthy();
    expect(within(row).getByText('Live')).toBeTruthy();
    expect(screen.getByText('No alert is firing')).toBeTruthy();
  });

  it('names node kinds in the chosen language', () => {
    useLiveStore.getState().receive(snapshot([]));
    renderInConsole(<OverviewPage />, 'zh');

    const row = screen.getByText('node-a').closest('tr') as HTMLElement;
    expect(within(row).getByText('无界面')).toBeTruthy();
    expect(within(row).queryByText('headless')).toBeNull();
  });

  it('shows a firing alert’s labels in full, wrapped rather than cut short', () => {
    useLiveStore.getState().receive(snapshot(firing(1)));
    renderInConsole(<OverviewPage />);

    const labels = screen.getByText('queue=q0, severity=page');
    const cell = labels.closest('.ant-table-cell');
    expect(cell).not.toBeNull();
    expect(cell?.classList.contains('ant-table-cell-ellipsis')).toBe(false);
  });

  it('renders only the visible rows of 100,000 firing alerts', () => {
    useLiveStore.getState().receive(snapshot(firing(100_000)));
    renderInConsole(<OverviewPage />);

    expect(screen.getByText('Firing alerts (100000)')).toBeTruthy();
    const card = screen.getByText('Firing alerts (100000)').closest('.ant-card') as HTMLElement;
    const rendered = within(card).getAllByText('queue-backlog').length;
    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThan(100);
    expect(within(card).getByText('queue=q0, severity=page')).toBeTruthy();
  });
});
