import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ok } from '../../shared/result.js';
import { App } from '../../renderer/app/App.js';
import { PageBoundary } from '../../renderer/app/PageBoundary.js';
import { useRoute } from '../../renderer/app/route.js';
import { useLiveStore } from '../../renderer/stores/live.js';
import { useSettingsStore } from '../../renderer/stores/settings.js';
import { appInfo, queueSummary } from './fixtures.js';
import { installMockApi, type MockTransport } from './mock-api.js';

/** Pages are lazy chunks: the first visit waits for the import, slower on a busy machine. */
const LAZY = { timeout: 10_000 };

let mock: MockTransport;

beforeEach(() => {
  mock = installMockApi();
  useLiveStore.setState(useLiveStore.getInitialState(), true);
  useSettingsStore.setState({ theme: 'light', language: 'en' });
  window.location.hash = '';
  useRoute.getState().sync();
  mock.api['app.info'].mockResolvedValue(
    ok(appInfo({ name: 'prod-eu', kind: 'cluster', readOnly: true })),
  );
  mock.api['live.snapshot'].mockResolvedValue(
    ok({ atMs: 1_000, nodes: [], queues: [queueSummary()], firing: [], throughput: [] }),
  );
  mock.api['queues.list'].mockResolvedValue(ok([queueSummary()]));
});

function press(...keys: string[]) {
  for (const key of keys) fireEvent.keyDown(window, { key });
}

describe('App', () => {
  it('shows the profile, its kind, read-only and the connection state in the header', async () => {
    render(<App />);

    expect(await screen.findByText('prod-eu')).toBeTruthy();
    expect(screen.getByText('cluster')).toBeTruthy();
    expect(screen.getByText('read-only')).toBeTruthy();
    expect(screen.getByText('Connected')).toBeTruthy();

    act(() => mock.setConnected(false));
    expect(screen.getByText('Reconnecting…')).toBeTruthy();
  });

  it('says the server restarted or is gone after three failed reconnects, until it is back', async () => {
    render(<App />);
    await screen.findByText('Connected');
    const lost =
      'The console server restarted or is unreachable; open the URL that `dipper serve` printed.';

    act(() => mock.setConnected(false, 2));
    expect(screen.getByText('Reconnecting…')).toBeTruthy();
    expect(screen.queryByText(lost)).toBeNull();

    act(() => mock.setConnected(false, 3));
    expect(screen.getByText('Unreachable')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain(lost);

    act(() => mock.setConnected(true));
    expect(screen.getByText('Connected')).toBeTruthy();
    expect(screen.queryByText(lost)).toBeNull();
  });

  it('goes to a page with g and its key, and follows deep links', async () => {
    render(<App />);
    await screen.findByText('prod-eu');

    act(() => press('g', 'q'));
    expect(await screen.findByRole('heading', { name: 'Queues' }, LAZY)).toBeTruthy();
    expect(window.location.hash).toBe('#/queues');

    act(() => {
      window.location.hash = '#/jobs/emails/failed';
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    expect(await screen.findByRole('heading', { name: 'Jobs' }, LAZY)).toBeTruthy();
    expect(useRoute.getState().params).toEqual(['emails', 'failed']);
  });

  it('opens the Alert of a clicked desktop notification', async () => {
    render(<App />);
    await screen.findByText('prod-eu');

    act(() => mock.emit('alerts.open', { ruleId: 'queue-backlog', seriesKey: 'queue="a/b"' }));

    expect(window.location.hash).toBe('#/alerts/queue-backlog/queue%3D%22a%2Fb%22');
    expect(useRoute.getState()).toMatchObject({
      page: 'alerts',
      params: ['queue-backlog', 'queue="a/b"'],
    });
  });

  it('switches to Chinese and to the dark theme from the header', async () => {
    render(<App />);
    await screen.findByText('prod-eu');

    fireEvent.click(screen.getByText('中文'));
    expect(await screen.findByRole('menuitem', { name: '队列' })).toBeTruthy();
    fireEvent.click(screen.getByRole('switch', { name: '深色主题' }));

    expect(useSettingsStore.getState()).toMatchObject({ language: 'zh', theme: 'dark' });
  });

  it('focuses the page’s search box on /', async () => {
    window.location.hash = '#/queues';
    useRoute.getState().sync();
    render(<App />);
    const search = await screen.findByPlaceholderText('Filter queues by name', undefined, LAZY);

    act(() => press('/'));

    expect(document.activeElement).toBe(search);
  });

  it('focuses the Alerts filter on /', async () => {
    mock.api['alerts.active'].mockResolvedValue(ok([]));
    mock.api['silences.list'].mockResolvedValue(ok([]));
    window.location.hash = '#/alerts';
    useRoute.getState().sync();
    render(<App />);
    const filter = await screen.findByPlaceholderText('Filter by Rule or label', undefined, LAZY);

    act(() => press('/'));

    expect(document.activeElement).toBe(filter);
  });

  it('focuses the queue picker on / while Jobs has no queue to look a job up in', async () => {
    window.location.hash = '#/jobs';
    useRoute.getState().sync();
    render(<App />);
    const picker = await screen.findByRole('combobox', { name: 'Queue' }, LAZY);

    act(() => press('/'));

    expect(document.activeElement).toBe(picker);
  });

  it('lists the shortcuts on ?', async () => {
    render(<App />);
    await screen.findByText('prod-eu');

    act(() => press('?'));

    expect(await screen.findByText('Keyboard shortcuts')).toBeTruthy();
    expect(screen.getByText('Go to Alerts')).toBeTruthy();
  });
});

function Broken(): never {
  throw new Error('rule list has no "rules" field');
}

const LABELS = {
  title: 'This page failed to render',
  retryLabel: 'Try again',
  staleTitle: 'This page could not be loaded: the console was probably updated',
  reloadLabel: 'Reload the console',
};

function MissingChunk(): never {
  throw new TypeError(
    'Failed to fetch dynamically imported module: http://127.0.0.1:7300/assets/QueuesPage-1a2b.js',
  );
}

describe('PageBoundary', () => {
  it('shows the error of a broken page and clears it when the address changes', async () => {
    const { rerender } = render(
      <div>
        <span>menu</span>
        <PageBoundary {...LABELS} resetKey="a">
          <Broken />
        </PageBoundary>
      </div>,
    );

    expect(screen.getByText('rule list has no "rules" field')).toBeTruthy();
    expect(screen.getByText('menu')).toBeTruthy();

    rerender(
      <div>
        <span>menu</span>
        <PageBoundary {...LABELS} resetKey="b">
          <span>healthy page</span>
        </PageBoundary>
      </div>,
    );
    await waitFor(() => expect(screen.getByText('healthy page')).toBeTruthy());
  });

  it('offers Try again for a render error', () => {
    render(
      <PageBoundary {...LABELS} resetKey="a">
        <Broken />
      </PageBoundary>,
    );

    expect(screen.getByText('This page failed to render')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Reload the console' })).toBeNull();
  });

  describe('when the page chunk cannot be fetched', () => {
    it('offers a reload of the whole console instead of retrying the same import', () => {
      const onReload = vi.fn();
      render(
        <PageBoundary {...LABELS} resetKey="a" onReload={onReload}>
          <MissingChunk />
        </PageBoundary>,
      );

      expect(
        screen.getByText('This page could not be loaded: the console was probably updated'),
      ).toBeTruthy();
      expect(screen.getByText(/QueuesPage-1a2b\.js/)).toBeTruthy();
      expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();

      fireEvent.click(screen.getByRole('button', { name: 'Reload the console' }));
      expect(onReload).toHaveBeenCalledTimes(1);
    });
  });
});
