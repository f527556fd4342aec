import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { fail, ok } from '../../shared/result.js';
import { QueuesPage } from '../../renderer/pages/queues/QueuesPage.js';
import { useLiveStore } from '../../renderer/stores/live.js';
import { useQueuesStore } from '../../renderer/stores/queues.js';
import { appInfo, queueSummary } from './fixtures.js';
import { installMockApi, type MockTransport } from './mock-api.js';
import { renderInConsole, rowOf } from './render.js';

let mock: MockTransport;

beforeEach(() => {
  mock = installMockApi();
  useQueuesStore.setState(useQueuesStore.getInitialState(), true);
  useLiveStore.setState({ app: appInfo({ kind: 'standalone', name: 'prod' }) });
  mock.api['queues.list'].mockResolvedValue(
    ok([
      queueSummary(),
      queueSummary({
        name: 'pdf',
        paused: true,
        pause: {
          by: 'li',
          host: 'ops-1',
          atMs: Date.UTC(2025, 0, 1, 8, 0, 0),
          reason: 'INC-812 renderer leak',
          resumeAtMs: null,
        },
        pausedOnNodes: ['node-a'],
      }),
    ]),
  );
});

describe('QueuesPage', () => {
  it('shows counts that link to the jobs of each state, and who paused a queue and why', async () => {
    renderInConsole(<QueuesPage />);

    await screen.findByText('emails');
    const failed = within(rowOf('emails')).getByText('7');
    expect(failed.closest('a')?.getAttribute('href')).toBe('#/jobs/emails/failed');
    const pdf = within(rowOf('pdf'));
    expect(pdf.getByText('INC-812 renderer leak')).toBeTruthy();
    expect(pdf.getByText('everywhere')).toBeTruthy();
    expect(pdf.getByText('on node-a')).toBeTruthy();
    expect(pdf.getByRole('button', { name: 'Resume on this node' })).toBeTruthy();
  });

  it('heads a count column with each job state', async () => {
    renderInConsole(<QueuesPage />);

    await screen.findByText('emails');
    const headers = screen.getAllByRole('columnheader').map((th) => th.textContent);
    for (const state of ['Waiting', 'Active', 'Delayed', 'Failed', 'Completed', 'Paused']) {
      expect(headers).toContain(state);
    }
  });

  it('sends the reason, scope and automatic resume chosen in the pause dialog', async () => {
    mock.api['queues.pause'].mockResolvedValue(ok(queueSummary({ paused: true })));
    renderInConsole(<QueuesPage />);
    await screen.findByText('emails');

    fireEvent.click(within(rowOf('emails')).getByRole('button', { name: 'Pause' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('Reason'), {
      target: { value: '  smtp provider outage  ' },
    });
    fireEvent.click(within(dialog).getByLabelText('Only this console’s node (local)'));
    fireEvent.change(within(dialog).getByLabelText('Resume by itself after (minutes)'), {
      target: { value: '30' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Pause' }));

    await waitFor(() => expect(mock.api['queues.pause']).toHaveBeenCalledTimes(1));
    expect(mock.api['queues.pause']).toHaveBeenCalledWith({
      queue: 'emails',
      scope: 'local',
      reason: 'smtp provider outage',
      resumeAfterMs: 1_800_000,
    });
    expect(await screen.findByText('Queue emails paused')).toBeTruthy();
  });

  it('pauses everywhere until resumed when nothing else is chosen', async () => {
    mock.api['queues.pause'].mockResolvedValue(ok(queueSummary({ paused: true })));
    renderInConsole(<QueuesPage />);
    await screen.findByText('emails');

    fireEvent.click(within(rowOf('emails')).getByRole('button', { name: 'Pause' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Pause' }));

    await waitFor(() =>
      expect(mock.api['queues.pause']).toHaveBeenCalledWith({
        queue: 'emails',
        scope: 'global',
        reason: '',
      }),
    );
  });

  it('shows main’s message and keeps the dialog open when the pause is refused', async () => {
    mock.api['queues.pause'].mockResolvedValue(
      fail('FORBIDDEN', 'profile "prod" is read-only; queues.pause would change it'),
    );
    renderInConsole(<QueuesPage />);
    await screen.findByText('emails');

    fireEvent.click(within(rowOf('emails')).getByRole('button', { name: 'Pause' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Pause' }));

    expect(
      await screen.findByText('profile "prod" is read-only; queues.pause would change it'),
    ).toBeTruthy();
    expect(screen.getByRole('dialog')).toBeTruthy();
  });

  it('resumes a globally paused queue', async () => {
    mock.api['queues.resume'].mockResolvedValue(ok(queueSummary({ name: 'pdf' })));
    renderInConsole(<QueuesPage />);
    await screen.findByText('pdf');

    fireEvent.click(within(rowOf('pdf')).getByRole('button', { name: 'Resume' }));

    await waitFor(() =>
      expect(mock.api['queues.resume']).toHaveBeenCalledWith({ queue: 'pdf', scope: 'global' }),
    );
  });

  it('offers no pause on a read-only profile', async () => {
    useLiveStore.setState({ app: appInfo({ kind: 'standalone', readOnly: true }) });
    renderInConsole(<QueuesPage />);
    await screen.findByText('emails');

    const pause = within(rowOf('emails')).getByRole('button', { name: 'Pause' });

    expect((pause as HTMLButtonElement).disabled).toBe(true);
  });
});
