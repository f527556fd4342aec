import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { BulkProgress } from '../../shared/api/dto.js';
import { ok } from '../../shared/result.js';
import { useRoute } from '../../renderer/app/route.js';
import { JobsPage } from '../../renderer/pages/jobs/JobsPage.js';
import { useJobsStore } from '../../renderer/stores/jobs.js';
import { useLiveStore } from '../../renderer/stores/live.js';
import { useQueuesStore } from '../../renderer/stores/queues.js';
import { useSettingsStore } from '../../renderer/stores/settings.js';
import { appInfo, jobDetail, jobPage, jobRow, queueSummary } from './fixtures.js';
import { installMockApi, type MockTransport } from './mock-api.js';
import { button, renderInConsole, rowOf } from './render.js';

const HOSTILE = '<img src=x onerror="window.__pwned=1">';

let mock: MockTransport;

function openAt(hash: string) {
  window.location.hash = hash;
  useRoute.getState().sync();
}

beforeEach(() => {
  mock = installMockApi();
  useJobsStore.setState(useJobsStore.getInitialState(), true);
  useQueuesStore.setState(useQueuesStore.getInitialState(), true);
  useLiveStore.setState({ app: appInfo({ kind: 'standalone', name: 'prod' }) });
  useSettingsStore.setState({ pageSize: 50 });
  mock.api['queues.list'].mockResolvedValue(ok([queueSummary()]));
  mock.api['jobs.page'].mockResolvedValue(ok(jobPage([jobRow()])));
  openAt('#/jobs/emails/failed');
});

function modalOf(title: HTMLElement): HTMLElement {
  const modal = title.closest<HTMLElement>('.ant-modal');
  if (!modal) throw new Error('the title is not in a modal');
  return modal;
}

describe('JobsPage', () => {
  it('asks for one page of the queue and state in the address', async () => {
    renderInConsole(<JobsPage />);

    await screen.findByText('smtp said no');
    expect(mock.api['jobs.page']).toHaveBeenCalledWith({
      queue: 'emails',
      state: 'failed',
      page: 0,
      pageSize: 50,
    });
  });

  it('reads the same queue and state again after a profile switch', async () => {
    renderInConsole(<JobsPage />);
    await screen.findByText('smtp said no');
    mock.api['jobs.page'].mockResolvedValue(
      ok(jobPage([jobRow({ id: '88', failedReason: 'on the other profile' })])),
    );
    mock.api['app.info'].mockResolvedValue(ok(appInfo({ name: 'staging' })));
    mock.api['live.snapshot'].mockResolvedValue(
      ok({ atMs: 1, nodes: [], queues: [], firing: [], throughput: [] }),
    );
    const stop = useLiveStore.getState().start();

    act(() => mock.emit('profile.switched', appInfo({ name: 'staging' })));

    expect(await screen.findByText('on the other profile')).toBeTruthy();
    expect(screen.queryByText('smtp said no')).toBeNull();
    stop();
  });

  it('renders a window of a 500-job page', async () => {
    const rows = Array.from({ length: 500 }, (_, i) => jobRow({ id: `j${i}`, name: `job-${i}` }));
    mock.api['jobs.page'].mockResolvedValue(ok(jobPage(rows, { pageSize: 500, total: 90_000 })));
    useSettingsStore.setState({ pageSize: 500 });
    renderInConsole(<JobsPage />);

    expect(await screen.findByText('job-0')).toBeTruthy();
    expect(screen.getByText('90,000 jobs')).toBeTruthy();
    expect(screen.queryByText('job-499')).toBeNull();
    expect(screen.getAllByText(/^job-\d+$/).length).toBeLessThan(100);
  });

  it('counts a single job in the singular', async () => {
    mock.api['jobs.page'].mockResolvedValue(ok(jobPage([jobRow()], { total: 1 })));
    renderInConsole(<JobsPage />);

    expect(await screen.findByText('1 job')).toBeTruthy();
  });

  describe('when job data holds markup', () => {
    it('shows names, previews, reasons and stack traces as text, never as HTML', async () => {
      mock.api['jobs.page'].mockResolvedValue(
        ok(jobPage([jobRow({ id: '7', name: HOSTILE, failedReason: `${HOSTILE} failed` })])),
      );
      mock.api['jobs.get'].mockResolvedValue(
        ok(
          jobDetail({
            id: '7',
            name: HOSTILE,
            failedReason: `${HOSTILE} failed`,
            stacktrace: [`Error: <script>alert(1)</script>\n    at x (y.js:1:1)`],
            logs: ['<b>bold?</b>'],
          }),
        ),
      );
      const { container } = renderInConsole(<JobsPage />);

      expect(await screen.findByText(HOSTILE)).toBeTruthy();
      expect(screen.getByText(`${HOSTILE} failed`)).toBeTruthy();
      act(() => openAt('#/jobs/emails/failed/7'));
      const drawer = await screen.findByRole('dialog');
      await within(drawer).findByText(/<script>alert\(1\)<\/script>/);

      expect(document.querySelectorAll('img, script, b').length).toBe(0);
      expect(container.innerHTML).not.toContain('<img');
      fireEvent.click(within(drawer).getByText('Logs (1)'));
      expect(await within(drawer).findByText('<b>bold?</b>')).toBeTruthy();
      expect(document.querySelectorAll('b').length).toBe(0);
      expect((window as { __pwned?: number }).__pwned).toBeUndefined();
    });
  });

  describe('when a job cannot be read', () => {
    const raw = { data: '{not json', opts: '<i>{}</i>', name: 'send' };

    beforeEach(() => {
      mock.api['jobs.page'].mockResolvedValue(
        ok(jobPage([jobRow({ id: '9', readable: false, raw, dataPreview: '' })])),
      );
      mock.api['jobs.get'].mockResolvedValue(ok(jobDetail({ id: '9', readable: false, raw })));
    });

    it('marks it in the table and shows its raw fields in the drawer', async () => {
      renderInConsole(<JobsPage />);

      await screen.findByText('unreadable');
      const row = rowOf('unreadable');
      expect(within(row).getByText('data: {not json · opts: <i>{}</i> · name: send')).toBeTruthy();
      fireEvent.click(within(row).getByText('9'));
      const drawer = await screen.findByRole('dialog');
      expect(await within(drawer).findByText('This job cannot be read')).toBeTruthy();
      expect(within(drawer).getByText('{not json')).toBeTruthy();
      expect(within(drawer).getByText('<i>{}</i>')).toBeTruthy();
      expect(document.querySelectorAll('i').length).toBe(0);
    });

    it('deletes it after the queue name is typed', async () => {
      mock.api['jobs.remove'].mockResolvedValue(ok({ removed: true }));
      act(() => openAt('#/jobs/emails/failed/9'));
      renderInConsole(<JobsPage />);

      const drawer = await screen.findByRole('dialog');
      fireEvent.click(await within(drawer).findByRole('button', { name: 'Delete this job' }));
      const confirm = modalOf(await screen.findByText('Remove job 9'));
      const remove = within(confirm).getByRole('button', { name: 'Remove' });
      expect((remove as HTMLButtonElement).disabled).toBe(true);
      fireEvent.change(within(confirm).getByLabelText('Confirmation text'), {
        target: { value: 'emails' },
      });
      fireEvent.click(remove);

      await waitFor(() =>
        expect(mock.api['jobs.remove']).toHaveBeenCalledWith({
          queue: 'emails',
          id: '9',
          confirm: 'emails',
        }),
      );
    });
  });

  it('reads the open job again after Retry and shows its new state', async () => {
    mock.api['jobs.get']
      .mockResolvedValueOnce(ok(jobDetail({ id: '1', state: 'failed' })))
      .mockResolvedValue(ok(jobDetail({ id: '1', state: 'waiting', failedReason: null })));
    mock.api['jobs.retry'].mockResolvedValue(ok(jobDetail({ id: '1', state: 'failed' })));
    act(() => openAt('#/jobs/emails/failed/1'));
    renderInConsole(<JobsPage />);
    const drawer = await screen.findByRole('dialog');
    await within(drawer).findByText('failed');

    fireEvent.click(button('Retry', drawer));

    expect(await within(drawer).findByText('waiting')).toBeTruthy();
    expect(mock.api['jobs.get']).toHaveBeenCalledTimes(2);
    expect(within(drawer).queryByText('Retry')).toBeNull();
  });

  it('loads the data of an open job only when asked, into a JSON view', async () => {
    mock.api['jobs.get'].mockResolvedValue(ok(jobDetail({ id: '1', dataBytes: 2_048 })));
    mock.api['jobs.data'].mockResolvedValue(ok('{"to":"a@example.com","attempt":3}'));
    act(() => openAt('#/jobs/emails/failed/1'));
    renderInConsole(<JobsPage />);

    const drawer = await screen.findByRole('dialog');
    fireEvent.click(await within(drawer).findByText('Data'));
    expect(mock.api['jobs.data']).not.toHaveBeenCalled();
    fireEvent.click(await within(drawer).findByRole('button', { name: 'Load data (2,048 bytes)' }));

    expect(await within(drawer).findByText('"a@example.com"')).toBeTruthy();
    expect(mock.api['jobs.data']).toHaveBeenCalledWith({ queue: 'emails', id: '1' });
  });

  describe('when a bulk retry runs', () => {
    function progress(done: number, finished = false): BulkProgress {
      return {
        operationId: 'op-7',
        queue: 'emails',
        state: 'failed',
        action: 'retry',
        done,
        total: 1_234,
        finished,
        error: null,
      };
    }

    beforeEach(() => {
      mock.api['jobs.bulkCount'].mockResolvedValue(ok({ count: 1_234 }));
      mock.api['jobs.bulk'].mockResolvedValue(ok({ operationId: 'op-7' }));
    });

    async function startBulkRetry() {
      renderInConsole(<JobsPage />);
      await screen.findByText('smtp said no');
      fireEvent.mouseEnter(screen.getByRole('button', { name: 'Bulk action' }));
      fireEvent.click(await screen.findByText('Retry all…'));
      return screen.findByRole('dialog');
    }

    it('shows the count and needs the queue name before it starts', async () => {
      const stop = useJobsStore.getState().listen();
      const dialog = await startBulkRetry();

      expect(await within(dialog).findByText('Retry 1,234 Failed jobs.')).toBeTruthy();
      const start = within(dialog).getByRole('button', { name: 'Retry' });
      expect((start as HTMLButtonElement).disabled).toBe(true);
      fireEvent.change(within(dialog).getByLabelText('Confirmation text'), {
        target: { value: 'email' },
      });
      expect((start as HTMLButtonElement).disabled).toBe(true);
      expect(mock.api['jobs.bulk']).not.toHaveBeenCalled();

      fireEvent.change(within(dialog).getByLabelText('Confirmation text'), {
        target: { value: 'emails' },
      });
      fireEvent.click(start);

      await waitFor(() =>
        expect(mock.api['jobs.bulk']).toHaveBeenCalledWith({
          queue: 'emails',
          state: 'failed',
          action: 'retry',
          expected: 1_234,
          graceMs: 0,
          confirm: 'emails',
        }),
      );
      stop();
    });

    it('shows progress from jobs.bulkProgress events to the end', async () => {
      const stop = useJobsStore.getState().listen();
      const dialog = await startBulkRetry();
      await within(dialog).findByText('Retry 1,234 Failed jobs.');
      fireEvent.change(within(dialog).getByLabelText('Confirmation text'), {
        target: { value: 'emails' },
      });
      fireEvent.click(within(dialog).getByRole('button', { name: 'Retry' }));
      await waitFor(() => expect(useJobsStore.getState().bulk?.phase).toBe('running'));

      act(() => mock.emit('jobs.bulkProgress', progress(617)));
      expect(await within(dialog).findByText('617 of 1,234 done')).toBeTruthy();
      expect(within(dialog).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('50');

      act(() => mock.emit('jobs.bulkProgress', progress(1_234, true)));
      expect(await within(dialog).findByText('Retry finished: 1,234 jobs')).toBeTruthy();
      stop();
    });

    it('needs no typing in the sandbox', async () => {
      useLiveStore.setState({ app: appInfo({ kind: 'sandbox' }) });
      const dialog = await startBulkRetry();
      await within(dialog).findByText('Retry 1,234 Failed jobs.');

      expect(within(dialog).queryByLabelText('Confirmation text')).toBeNull();
      fireEvent.click(within(dialog).getByRole('button', { name: 'Retry' }));

      await waitFor(() =>
        expect(mock.api['jobs.bulk']).toHaveBeenCalledWith({
          queue: 'emails',
          state: 'failed',
          action: 'retry',
          expected: 1_234,
          graceMs: 0,
        }),
      );
    });
  });
});
