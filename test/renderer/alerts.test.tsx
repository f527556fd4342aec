import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AlertInstance } from '../../shared/alerting/alert.js';
import type { HistoryEntry } from '../../shared/alerting/history.js';
import { fail, ok } from '../../shared/result.js';
import { AlertsPage } from '../../renderer/pages/alerts/AlertsPage.js';
import { parseMatchers } from '../../renderer/pages/alerts/matcher-text.js';
import { useAlertsStore } from '../../renderer/stores/alerts.js';
import { useRulesStore } from '../../renderer/stores/rules.js';
import { ruleRow } from './fixtures.js';
import { installMockApi, type MockTransport } from './mock-api.js';
import { button, dialog, renderInConsole } from './render.js';

function alert(overrides: Partial<AlertInstance> = {}): AlertInstance {
  return {
    ruleId: 'cpu-high',
    seriesKey: '{env="prod",host="web-1"}',
    labels: { host: 'web-1', env: 'prod' },
    state: 'firing',
    value: 97.5,
    activeSinceMs: Date.UTC(2025, 0, 1, 10),
    firingSinceMs: Date.UTC(2025, 0, 1, 10),
    lastEvalMs: Date.UTC(2025, 0, 1, 10, 5),
    ...overrides,
  };
}

function transitionEntry(id: string, host: string): HistoryEntry {
  return {
    id,
    kind: 'transition',
    atMs: Date.UTC(2025, 0, 1, 10),
    ruleId: 'cpu-high',
    labels: { host },
    from: 'pending',
    to: 'firing',
    value: 97,
    threshold: 90,
    severity: 'critical',
  };
}

function renderPage() {
  return renderInConsole(<AlertsPage />);
}

let mock: MockTransport;

beforeEach(() => {
  mock = installMockApi();
  useAlertsStore.setState(useAlertsStore.getInitialState(), true);
  useRulesStore.setState(useRulesStore.getInitialState(), true);
  mock.api['alerts.active'].mockResolvedValue(ok([alert()]));
  mock.api['silences.list'].mockResolvedValue(ok([]));
});

describe('alerts store', () => {
  it('loads the active Alerts and becomes ready', async () => {
    await useAlertsStore.getState().load();

    expect(useAlertsStore.getState().status).toBe('ready');
    expect(useAlertsStore.getState().active.map((a) => a.seriesKey)).toEqual([
      '{env="prod",host="web-1"}',
    ]);
  });

  it('keeps the failure message when the read fails', async () => {
    mock.api['alerts.active'].mockResolvedValue(fail('REDIS_UNAVAILABLE', 'Redis is down'));

    await useAlertsStore.getState().load();

    expect(useAlertsStore.getState()).toMatchObject({ status: 'error', error: 'Redis is down' });
  });

  it('reloads silences when config.changed names silences', async () => {
    const stop = useAlertsStore.getState().watch();
    mock.api['silences.list'].mockResolvedValue(
      ok([
        {
          id: 's1',
          matchers: [{ name: 'env', op: '=', value: 'prod' }],
          startsAtMs: 1,
          endsAtMs: 2,
          createdBy: 'ana',
          comment: '',
          active: true,
        },
      ]),
    );

    mock.emit('config.changed', { area: 'silences' });

    await waitFor(() => expect(useAlertsStore.getState().silences.rows).toHaveLength(1));
    expect(mock.api['alerts.active']).not.toHaveBeenCalled();
    stop();
  });

  describe('when older history entries fail to load', () => {
    it('keeps the entries shown and the cursor, with the failure message', async () => {
      const filter = { fromMs: 0, toMs: 10, limit: 200 };
      mock.api['alerts.history']
        .mockResolvedValueOnce(
          ok({ entries: [transitionEntry('2-0', 'api-1')], next: '2-0', scanned: 1 }),
        )
        .mockResolvedValueOnce(fail('TIMEOUT', 'history read took over 5000 ms'));

      await useAlertsStore.getState().queryHistory(filter);
      await useAlertsStore.getState().moreHistory();

      expect(mock.api['alerts.history']).toHaveBeenLastCalledWith({ ...filter, before: '2-0' });
      expect(useAlertsStore.getState().history).toMatchObject({
        status: 'error',
        error: 'history read took over 5000 ms',
        next: '2-0',
      });
      expect(useAlertsStore.getState().history.entries.map((e) => e.id)).toEqual(['2-0']);
    });
  });
});

describe('parseMatchers', () => {
  it('reads the four ops with quoted values', () => {
    expect(parseMatchers('app="web", env=~"prod.*",zone!="a",team!~"x|y"').matchers).toEqual([
      { name: 'app', op: '=', value: 'web' },
      { name: 'env', op: '=~', value: 'prod.*' },
      { name: 'zone', op: '!=', value: 'a' },
      { name: 'team', op: '!~', value: 'x|y' },
    ]);
  });

  it('reads unquoted values as the table and the CLI write them, up to the next comma', () => {
    expect(
      parseMatchers('app=web, env=~prod.* ,zone!=a,team!~"x|y", host = web-1').matchers,
    ).toEqual([
      { name: 'app', op: '=', value: 'web' },
      { name: 'env', op: '=~', value: 'prod.*' },
      { name: 'zone', op: '!=', value: 'a' },
      { name: 'team', op: '!~', value: 'x|y' },
      { name: 'host', op: '=', value: 'web-1' },
    ]);
    expect(parseMatchers('app=web').error).toBeNull();
  });

  it('names both forms when a matcher has no value', () => {
    expect(parseMatchers('app=').error).toBe(
      'expected name=value or name="value" (op = != =~ !~) at "app="',
    );
  });

  it("gives the schema's message for a regex that does not compile", () => {
    expect(parseMatchers('app=~"(web"').error).toMatch(/^matcher regex "\(web" does not compile/);
  });
});

describe('AlertsPage', () => {
  it('lists firing Alerts with their labels and value, as text', async () => {
    mock.api['alerts.active'].mockResolvedValue(
      ok([alert({ labels: { host: '<img src=x onerror=alert(1)>' }, ackedBy: 'ana' })]),
    );

    const { container } = renderPage();

    expect(await screen.findByText('host=<img src=x onerror=alert(1)>')).toBeTruthy();
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByText('97.5')).toBeTruthy();
    expect(screen.getByText(/^ana /)).toBeTruthy();
  });

  it('acknowledges a firing Alert', async () => {
    mock.api['alerts.ack'].mockResolvedValue(ok(alert({ ackedBy: 'ana', ackedAtMs: 1 })));
    renderPage();

    await screen.findByText('97.5');
    fireEvent.click(button('Acknowledge'));

    await waitFor(() =>
      expect(mock.api['alerts.ack']).toHaveBeenCalledWith({
        ruleId: 'cpu-high',
        seriesKey: '{env="prod",host="web-1"}',
        comment: '',
      }),
    );
    await waitFor(() => expect(button('Acknowledge').disabled).toBe(true));
  });

  it("silences from an Alert with matchers for its Rule's name and its labels", async () => {
    mock.api['silences.create'].mockResolvedValue(ok({ id: 's-1' }));
    mock.api['rules.list'].mockResolvedValue(ok([ruleRow()]));
    renderPage();
    await waitFor(() => expect(useRulesStore.getState().status).toBe('ready'));

    await screen.findByText('97.5');
    fireEvent.click(button('Silence'));
    const modal = await dialog();
    fireEvent.change(within(modal).getByLabelText('Comment'), {
      target: { value: 'deploying' },
    });
    fireEvent.click(button('Create silence', modal));

    await waitFor(() => expect(mock.api['silences.create']).toHaveBeenCalledTimes(1));
    const request = mock.api['silences.create'].mock.lastCall?.[0];
    // Routing adds `alertname` (the Rule's name) before silences are matched.
    expect(request?.matchers).toEqual([
      { name: 'alertname', op: '=', value: 'CPU high' },
      { name: 'host', op: '=', value: 'web-1' },
      { name: 'env', op: '=', value: 'prod' },
    ]);
    expect(request?.comment).toBe('deploying');
    expect(request?.endsAtMs).toBeGreaterThan(Date.now() + 3_500_000);
    await waitFor(() => expect(mock.api['silences.list']).toHaveBeenCalledTimes(2));
    expect(await screen.findByText('Silence s-1 created')).toBeTruthy();
  });

  it("shows the schema's message for a bad matcher as it is typed", async () => {
    renderPage();

    await screen.findByText('97.5');
    fireEvent.click(button('New silence'));
    const modal = await dialog();
    fireEvent.change(within(modal).getByLabelText('Label name 1'), {
      target: { value: '1bad' },
    });

    expect(
      await within(modal).findByText(
        'matcher name must be a label name (A-Z a-z 0-9 _, not starting with a digit); got "1bad"',
      ),
    ).toBeTruthy();
    expect(button('Create silence', modal).disabled).toBe(true);
  });

  it('removes a silence from the list', async () => {
    mock.api['silences.list'].mockResolvedValue(
      ok([
        {
          id: 'maint',
          matchers: [{ name: 'env', op: '=~', value: 'stag.*' }],
          startsAtMs: Date.UTC(2025, 0, 1),
          endsAtMs: Date.UTC(2025, 0, 2),
          createdBy: 'ana',
          comment: 'maintenance',
          active: true,
        },
      ]),
    );
    mock.api['silences.remove'].mockResolvedValue(ok({ removed: true }));
    renderPage();

    fireEvent.click(await screen.findByText('Silences'));
    expect(await screen.findByText('env=~"stag.*"')).toBeTruthy();
    fireEvent.click(button('Remove'));
    const popup = await waitFor(() => {
      const found = document.querySelector<HTMLElement>('.ant-popconfirm');
      if (!found) throw new Error('no confirmation open');
      return found;
    });
    fireEvent.click(button('Remove', popup));

    await waitFor(() => expect(mock.api['silences.remove']).toHaveBeenCalledWith({ id: 'maint' }));
    await waitFor(() => expect(screen.queryByText('env=~"stag.*"')).toBeNull());
  });

  it('shows the last hour as soon as the History tab opens', async () => {
    mock.api['alerts.history'].mockResolvedValue(
      ok({ entries: [transitionEntry('1735725600000-0', 'api-1')], next: null, scanned: 1 }),
    );
    renderPage();

    fireEvent.click(await screen.findByText('History'));

    expect(await screen.findByText('host=api-1')).toBeTruthy();
    expect(mock.api['alerts.history']).toHaveBeenCalledTimes(1);
    const { fromMs, toMs } = mock.api['alerts.history'].mock.lastCall![0];
    // Minutes are what the time fields hold: the window is an hour give or take one.
    expect(toMs - fromMs).toBeGreaterThanOrEqual(3_600_000);
    expect(toMs - fromMs).toBeLessThanOrEqual(3_600_000 + 2 * 60_000);
    expect(Math.abs(fromMs - (Date.now() - 3_600_000))).toBeLessThan(2 * 60_000);
  });

  it.each([
    ['en', 'History', 'demo-desktop: resolved, 1 alert'],
    ['zh', '历史', 'demo-desktop：恢复，1 条告警'],
  ] as const)('words a notification’s state and count (%s)', async (language, tab, detail) => {
    mock.api['alerts.history'].mockResolvedValue(
      ok({
        entries: [
          {
            id: '1735725600000-1',
            kind: 'notification',
            atMs: Date.UTC(2025, 0, 1, 10),
            labels: { alertname: 'cpu-high' },
            channel: 'demo-desktop',
            status: 'resolved',
            outcome: 'sent',
            alerts: 1,
          },
        ],
        next: null,
        scanned: 1,
      }),
    );
    renderInConsole(<AlertsPage />, language);

    fireEvent.click(await screen.findByText(tab));

    expect(await screen.findByText(detail)).toBeTruthy();
  });

  it('queries the history with the filters and pages on with the next cursor', async () => {
    mock.api['alerts.history']
      .mockResolvedValueOnce(ok({ entries: [], next: null, scanned: 0 }))
      .mockResolvedValueOnce(
        ok({
          entries: [transitionEntry('1735725600000-0', 'api-1')],
          next: '1735725600000-0',
          scanned: 500,
        }),
      )
      .mockResolvedValueOnce(
        ok({ entries: [transitionEntry('1735725500000-0', 'api-2')], next: null, scanned: 40 }),
      );
    renderPage();

    fireEvent.click(await screen.findByText('History'));
    fireEvent.change(await screen.findByLabelText('From'), {
      target: { value: '2025-01-01T00:00' },
    });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2025-01-02T00:00' } });
    fireEvent.change(screen.getByLabelText('Rule'), { target: { value: 'cpu-high' } });
    fireEvent.change(screen.getByLabelText('Labels'), { target: { value: 'host=~"web-.*"' } });
    fireEvent.click(screen.getByLabelText('transition'));
    fireEvent.click(button('Search'));

    expect(await screen.findByText('host=api-1')).toBeTruthy();
    expect(mock.api['alerts.history']).toHaveBeenLastCalledWith({
      fromMs: new Date('2025-01-01T00:00').getTime(),
      toMs: new Date('2025-01-02T00:00').getTime(),
      limit: 200,
      ruleId: 'cpu-high',
      kinds: ['transition'],
      labels: [{ name: 'host', op: '=~', value: 'web-.*' }],
    });

    fireEvent.click(button('Load older entries'));

    expect(await screen.findByText('host=api-2')).toBeTruthy();
    expect(mock.api['alerts.history'].mock.lastCall?.[0].before).toBe('1735725600000-0');
    expect(screen.getByText('host=api-1')).toBeTruthy();
    expect(screen.queryByText('Load older entries')).toBeNull();
  });

  it('flags a range that ends before it starts and holds the search back until it is fixed', async () => {
    mock.api['alerts.history'].mockResolvedValue(ok({ entries: [], next: null, scanned: 0 }));
    renderPage();

    fireEvent.click(await screen.findByText('History'));
    fireEvent.change(await screen.findByLabelText('From'), {
      target: { value: '2025-01-02 00:00' },
    });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2025-01-01 00:00' } });

    expect(await screen.findByText('The range must end after it starts')).toBeTruthy();
    expect(button('Search')).toHaveProperty('disabled', true);

    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2025-01-03 00:00' } });

    await waitFor(() => expect(button('Search')).toHaveProperty('disabled', false));
    const toItem = screen.getByLabelText('To').closest('.ant-form-item');
    expect(toItem?.classList.contains('ant-form-item-has-error')).toBe(false);
  });
});
