import { fireEvent, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/api/dto.js';
import { fail, ok } from '../../shared/result.js';
import { AuditPage } from '../../renderer/pages/audit/AuditPage.js';
import { AUDIT_PAGE_SIZE, useAuditStore } from '../../renderer/stores/audit.js';
import { installMockApi, type MockTransport } from './mock-api.js';
import { renderInConsole } from './render.js';

function entry(n: number, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: `${1_735_700_000_000 + n}-0`,
    atMs: 1_735_700_000_000 + n,
    user: 'ana',
    host: 'laptop',
    profile: 'prod',
    action: 'queues.pause',
    target: `queue-${n}`,
    detail: '',
    outcome: 'ok',
    ...overrides,
  };
}

/** A full page, newest first: entries `from` down to `from - size + 1`. */
function page(from: number, size = AUDIT_PAGE_SIZE): AuditEntry[] {
  return Array.from({ length: size }, (_, i) => entry(from - i));
}

function renderPage() {
  return renderInConsole(<AuditPage />);
}

let mock: MockTransport;

beforeEach(() => {
  mock = installMockApi();
  useAuditStore.setState(useAuditStore.getInitialState(), true);
});

describe('audit store', () => {
  it('pages back with the id of the last entry as before', async () => {
    mock.api['audit.list']
      .mockResolvedValueOnce(ok(page(1_000)))
      .mockResolvedValueOnce(ok(page(800, 3)));

    await useAuditStore.getState().load();
    expect(useAuditStore.getState().hasMore).toBe(true);
    await useAuditStore.getState().more();

    expect(mock.api['audit.list']).toHaveBeenLastCalledWith({
      limit: AUDIT_PAGE_SIZE,
      before: entry(801).id,
    });
    expect(useAuditStore.getState().entries).toHaveLength(AUDIT_PAGE_SIZE + 3);
    expect(useAuditStore.getState().hasMore).toBe(false);
  });

  it('keeps the failure message when the read fails', async () => {
    mock.api['audit.list'].mockResolvedValue(fail('REDIS_UNAVAILABLE', 'Redis is down'));

    await useAuditStore.getState().load();

    expect(useAuditStore.getState()).toMatchObject({ status: 'error', error: 'Redis is down' });
  });

  it('prepends appended entries once each', async () => {
    mock.api['audit.list'].mockResolvedValue(ok([entry(1)]));
    await useAuditStore.getState().load();
    const stop = useAuditStore.getState().watch();

    mock.emit('audit.appended', entry(2));
    mock.emit('audit.appended', entry(2));

    expect(useAuditStore.getState().entries.map((e) => e.target)).toEqual(['queue-2', 'queue-1']);
    stop();
  });
});

describe('AuditPage', () => {
  it('shows entries as text and puts live ones on top', async () => {
    mock.api['audit.list'].mockResolvedValue(
      ok([entry(1, { outcome: 'failed', detail: '<script>alert(1)</script>' })]),
    );
    const { container } = renderPage();

    expect(await screen.findByText('<script>alert(1)</script>')).toBeTruthy();
    expect(container.querySelector('script')).toBeNull();
    expect(screen.getByText('failed')).toBeTruthy();

    mock.emit('audit.appended', entry(2, { action: 'schedules.remove', target: 'nightly' }));

    expect(await screen.findByText('nightly')).toBeTruthy();
    const targets = [...container.querySelectorAll('.ant-table-row')].map(
      (row) => row.querySelectorAll('.ant-table-cell')[5]?.textContent,
    );
    expect(targets).toEqual(['nightly', 'queue-1']);
  });

  it('loads older entries with the button', async () => {
    mock.api['audit.list']
      .mockResolvedValueOnce(ok(page(1_000)))
      .mockResolvedValueOnce(ok([entry(1)]));
    renderPage();
    await screen.findByText('queue-1000');

    const more = [...document.querySelectorAll('button')].find(
      (b) => b.textContent === 'Load older entries',
    );
    fireEvent.click(more as HTMLButtonElement);

    await waitFor(() =>
      expect(mock.api['audit.list']).toHaveBeenLastCalledWith({
        limit: AUDIT_PAGE_SIZE,
        before: entry(801).id,
      }),
    );
    await waitFor(() => expect(useAuditStore.getState().entries).toHaveLength(AUDIT_PAGE_SIZE + 1));
  });
});
