import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import i18next from 'i18next';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ScheduleRow } from '../../shared/api/dto.js';
import type { LedgerReport } from '../../shared/ledger.js';
import { ok, fail } from '../../shared/result.js';
import { ScheduleSchema } from '../../shared/schedule.js';
import { schedules } from '../../renderer/i18n/schedules.js';
import { SchedulesPage } from '../../renderer/pages/schedules/SchedulesPage.js';
import { useLiveStore } from '../../renderer/stores/live.js';
import { useSchedulesStore } from '../../renderer/stores/schedules.js';
import { appInfo } from './fixtures.js';
import { installMockApi, type MockTransport } from './mock-api.js';

function scheduleRow(overrides: Partial<ScheduleRow> = {}, id = 'nightly'): ScheduleRow {
  return {
    schedule: ScheduleSchema.parse({
      id,
      name: 'Nightly report',
      cron: '0 2 * * *',
      tz: 'Europe/Berlin',
      queue: 'reports',
      job: 'report.build',
    }),
    nextRunMs: Date.UTC(2025, 5, 1, 0, 0, 0),
    lastTick: null,
    missed: 0,
    duplicated: 0,
    ownedByRule: false,
    ...overrides,
  };
}

function englishTexts() {
  const i18n = i18next.createInstance();
  void i18n.use(initReactI18next).init({
    resources: { en: { schedules: schedules.en } },
    lng: 'en',
    ns: ['schedules'],
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return i18n;
}

function renderPage() {
  return render(
    <I18nextProvider i18n={englishTexts()}>
      <SchedulesPage />
    </I18nextProvider>,
  );
}

let mock: MockTransport;

beforeEach(() => {
  mock = installMockApi();
  useSchedulesStore.setState(useSchedulesStore.getInitialState(), true);
  useLiveStore.setState({ app: appInfo({ kind: 'sandbox' }) });
});

describe('schedules store', () => {
  it('loads the rows and becomes ready', async () => {
    mock.api['schedules.list'].mockResolvedValue(ok([scheduleRow()]));

    await useSchedulesStore.getState().load();

    const state = useSchedulesStore.getState();
    expect(state.status).toBe('ready');
    expect(state.rows.map((r) => r.schedule.id)).toEqual(['nightly']);
  });

  it('keeps the failure message when the list fails', async () => {
    mock.api['schedules.list'].mockResolvedValue(fail('REDIS_UNAVAILABLE', 'Redis is down'));

    await useSchedulesStore.getState().load();

    expect(useSchedulesStore.getState()).toMatchObject({ status: 'error', error: 'Redis is down' });
  });

  it('reloads when config.changed names schedules, and not for other areas', async () => {
    mock.api['schedules.list'].mockResolvedValue(ok([]));
    const stop = useSchedulesStore.getState().watch();

    mock.emit('config.changed', { area: 'rules' });
    expect(mock.api['schedules.list']).toHaveBeenCalledTimes(0);

    mock.api['schedules.list'].mockResolvedValue(ok([scheduleRow()]));
    mock.emit('config.changed', { area: 'schedules' });
    await waitFor(() => expect(useSchedulesStore.getState().rows).toHaveLength(1));
    expect(mock.api['schedules.list']).toHaveBeenCalledTimes(1);

    stop();
    expect(mock.listenerCount('config.changed')).toBe(0);
  });
});

describe('SchedulesPage', () => {
  it('lists schedules with their tick health and the Rule badge', async () => {
    mock.api['schedules.list'].mockResolvedValue(
      ok([
        scheduleRow({ missed: 3, duplicated: 1 }),
        scheduleRow({ ownedByRule: true }, 'rule-cpu'),
      ]),
    );

    renderPage();

    expect(await screen.findByText('3 missed')).toBeTruthy();
    expect(screen.getByText('1 duplicated')).toBeTruthy();
    const ruleRow = screen.getByText('rule-cpu').closest('.ant-table-row');
    expect(ruleRow).not.toBeNull();
    expect(within(ruleRow as HTMLElement).getByText('Rule')).toBeTruthy();
    // The Rule owns its schedule: it is edited and deleted with the Rule, not here.
    for (const name of ['Edit', 'Delete']) {
      expect(within(ruleRow as HTMLElement).getByRole('button', { name })).toHaveProperty(
        'disabled',
        true,
      );
    }
    const ownRow = screen.getByText('nightly').closest('.ant-table-row') as HTMLElement;
    expect(within(ownRow).getByRole('button', { name: 'Edit' })).toHaveProperty('disabled', false);
  });

  describe('when creating a schedule', () => {
    it('sends schedules.save with the typed fields', async () => {
      mock.api['schedules.list'].mockResolvedValue(ok([]));
      mock.api['schedules.validate'].mockImplementation(() =>
        Promise.resolve(
          ok({
            schedule: ScheduleSchema.parse({
              id: 'hourly',
              name: 'Hourly',
              cron: '0 * * * *',
              queue: 'q',
              job: 'j',
            }),
            next: [],
          }),
        ),
      );
      mock.api['schedules.preview'].mockResolvedValue(ok([]));
      mock.api['schedules.save'].mockImplementation(({ schedule }) =>
        Promise.resolve(ok(scheduleRow({ schedule: ScheduleSchema.parse(schedule) }))),
      );
      renderPage();

      fireEvent.click(await screen.findByRole('button', { name: 'New schedule' }));
      fireEvent.change(screen.getByLabelText('Id'), { target: { value: 'hourly-sync' } });
      fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Hourly sync' } });
      fireEvent.change(screen.getByLabelText('Cron'), { target: { value: '15 * * * *' } });
      fireEvent.change(screen.getByLabelText('Time zone'), { target: { value: 'Asia/Shanghai' } });
      fireEvent.change(screen.getByLabelText('Queue'), { target: { value: 'sync' } });
      fireEvent.change(screen.getByLabelText('Job name'), { target: { value: 'sync.run' } });
      fireEvent.change(screen.getByLabelText('Job data (JSON)'), {
        target: { value: '{"full": true}' },
      });
      fireEvent.click(screen.getByRole('button', { name: 'Save' }));

      await waitFor(() => expect(mock.api['schedules.save']).toHaveBeenCalledTimes(1));
      expect(mock.api['schedules.save']).toHaveBeenCalledWith({
        create: true,
        schedule: {
          id: 'hourly-sync',
          name: 'Hourly sync',
          cron: '15 * * * *',
          tz: 'Asia/Shanghai',
          queue: 'sync',
          job: 'sync.run',
          data: { full: true },
          enabled: true,
          misfire: 'skip',
          dispatch: 'queue',
          offsetMs: 0,
          options: { attempts: 1 },
        },
      });
      await waitFor(() => expect(screen.getByText('hourly-sync')).toBeTruthy());
      expect(await screen.findByText('Saved schedule hourly-sync')).toBeTruthy();
    });

    it('saves the chosen misfire policy, dispatch mode and a disabled schedule', async () => {
      mock.api['schedules.list'].mockResolvedValue(ok([]));
      mock.api['schedules.preview'].mockResolvedValue(ok([]));
      mock.api['schedules.validate'].mockImplementation(({ schedule }) =>
        Promise.resolve(ok({ schedule: ScheduleSchema.parse(schedule), next: [] })),
      );
      mock.api['schedules.save'].mockImplementation(({ schedule }) =>
        Promise.resolve(ok(scheduleRow({ schedule: ScheduleSchema.parse(schedule) }))),
      );
      renderPage();

      fireEvent.click(await screen.findByRole('button', { name: 'New schedule' }));
      for (const [label, value] of [
        ['Id', 'report'],
        ['Name', 'Report'],
        ['Cron', '0 6 * * *'],
        ['Queue', 'reports'],
        ['Job name', 'report.build'],
      ] as const) {
        fireEvent.change(screen.getByLabelText(label), { target: { value } });
      }
      fireEvent.click(screen.getByText('Run the latest'));
      fireEvent.click(screen.getByText('Run under a lock'));
      fireEvent.click(screen.getByRole('switch', { name: 'Enabled' }));
      fireEvent.click(screen.getByRole('button', { name: 'Save' }));

      await waitFor(() => expect(mock.api['schedules.save']).toHaveBeenCalledTimes(1));
      expect(mock.api['schedules.save'].mock.lastCall?.[0].schedule).toMatchObject({
        id: 'report',
        misfire: 'run-latest',
        dispatch: 'lock',
        enabled: false,
      });
    });

    it('opens without a problem shown, and shows every one when Save is pressed too early', async () => {
      mock.api['schedules.list'].mockResolvedValue(ok([]));
      renderPage();

      fireEvent.click(await screen.findByRole('button', { name: 'New schedule' }));
      const drawer = await screen.findByRole('dialog');

      expect(drawer.querySelectorAll('.ant-form-item-has-error')).toHaveLength(0);
      fireEvent.click(within(drawer).getByRole('button', { name: 'Save' }));
      await waitFor(() =>
        expect(drawer.querySelectorAll('.ant-form-item-has-error').length).toBeGreaterThan(0),
      );
      expect(mock.api['schedules.save']).not.toHaveBeenCalled();
      expect(within(drawer).getByRole('button', { name: 'Save' })).toHaveProperty('disabled', true);
    });

    it("shows the schema's message for a 4-field cron once the field is left", async () => {
      mock.api['schedules.list'].mockResolvedValue(ok([]));
      renderPage();

      fireEvent.click(await screen.findByRole('button', { name: 'New schedule' }));
      fireEvent.change(screen.getByLabelText('Cron'), { target: { value: '0 9 * *' } });
      fireEvent.blur(screen.getByLabelText('Cron'));

      expect(
        await screen.findByText(
          'cron "0 9 * *" has 4 fields; expected 5 (minute hour day month weekday) or 6 (second minute hour day month weekday)',
        ),
      ).toBeTruthy();
      expect(screen.getByRole('button', { name: 'Save' })).toHaveProperty('disabled', true);
    });

    it('shows the next fire times in the zone and in UTC once the draft is valid', async () => {
      mock.api['schedules.list'].mockResolvedValue(ok([]));
      mock.api['schedules.preview'].mockResolvedValue(ok([]));
      mock.api['schedules.validate'].mockImplementation(({ schedule }) =>
        Promise.resolve(
          ok({
            schedule: ScheduleSchema.parse(schedule),
            next: [
              {
                atMs: Date.UTC(2025, 2, 30, 0, 30),
                zoned: '2025-03-30 01:30 CET',
                utc: '2025-03-30 00:30 UTC',
              },
            ],
          }),
        ),
      );
      renderPage();

      fireEvent.click(await screen.findByRole('button', { name: 'New schedule' }));
      fireEvent.change(screen.getByLabelText('Id'), { target: { value: 'dst' } });
      fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'DST' } });
      fireEvent.change(screen.getByLabelText('Cron'), { target: { value: '30 1 * * *' } });
      fireEvent.change(screen.getByLabelText('Queue'), { target: { value: 'q' } });
      fireEvent.change(screen.getByLabelText('Job name'), { target: { value: 'j' } });

      expect(await screen.findByText('2025-03-30 01:30 CET')).toBeTruthy();
      expect(screen.getByText('2025-03-30 00:30 UTC')).toBeTruthy();
      expect(mock.api['schedules.validate'].mock.lastCall?.[0].schedule).toMatchObject({
        id: 'dst',
        cron: '30 1 * * *',
      });
    });

    it("shows main's field issues next to the field when the save is refused", async () => {
      mock.api['schedules.list'].mockResolvedValue(ok([]));
      mock.api['schedules.preview'].mockResolvedValue(ok([]));
      mock.api['schedules.validate'].mockImplementation(({ schedule }) =>
        Promise.resolve(ok({ schedule: ScheduleSchema.parse(schedule), next: [] })),
      );
      mock.api['schedules.save'].mockResolvedValue(
        fail('CONFLICT', 'schedule "dup" already exists', [
          { path: 'schedule.id', message: 'id "dup" is taken' },
        ]),
      );
      renderPage();

      fireEvent.click(await screen.findByRole('button', { name: 'New schedule' }));
      for (const [label, value] of [
        ['Id', 'dup'],
        ['Name', 'Dup'],
        ['Cron', '* * * * *'],
        ['Queue', 'q'],
        ['Job name', 'j'],
      ] as const) {
        fireEvent.change(screen.getByLabelText(label), { target: { value } });
      }
      fireEvent.click(screen.getByRole('button', { name: 'Save' }));

      expect(await screen.findByText('schedule "dup" already exists')).toBeTruthy();
      expect(screen.getByText('id "dup" is taken')).toBeTruthy();
    });
  });

  describe('when deleting', () => {
    it('sends the typed id as confirm on a shared profile', async () => {
      useLiveStore.setState({ app: appInfo({ kind: 'standalone', name: 'prod' }) });
      mock.api['schedules.list'].mockResolvedValue(ok([scheduleRow()]));
      mock.api['schedules.remove'].mockResolvedValue(ok({ removed: true }));
      renderPage();

      fireEvent.click(await screen.findByRole('button', { name: 'Delete' }));
      const dialog = await screen.findByRole('dialog');
      const confirmButton = within(dialog).getByRole('button', { name: 'Delete' });
      expect(confirmButton).toHaveProperty('disabled', true);
      fireEvent.change(within(dialog).getByLabelText('Type the id to confirm:'), {
        target: { value: 'nightly' },
      });
      fireEvent.click(confirmButton);

      await waitFor(() =>
        expect(mock.api['schedules.remove']).toHaveBeenCalledWith({
          id: 'nightly',
          confirm: 'nightly',
        }),
      );
      await waitFor(() => expect(useSchedulesStore.getState().rows).toEqual([]));
    });

    it('sends no confirm in the sandbox', async () => {
      mock.api['schedules.list'].mockResolvedValue(ok([scheduleRow()]));
      mock.api['schedules.remove'].mockResolvedValue(ok({ removed: true }));
      renderPage();

      fireEvent.click(await screen.findByRole('button', { name: 'Delete' }));
      const popup = await screen.findByRole('tooltip');
      fireEvent.click(within(popup).getByRole('button', { name: 'Delete' }));

      await waitFor(() =>
        expect(mock.api['schedules.remove']).toHaveBeenCalledWith({ id: 'nightly' }),
      );
      expect(await screen.findByText('Deleted nightly')).toBeTruthy();
    });
  });

  it('toggles, runs now and opens the ledger of a schedule', async () => {
    mock.api['schedules.list'].mockResolvedValue(ok([scheduleRow()]));
    mock.api['schedules.setEnabled'].mockImplementation(({ id, enabled }) =>
      Promise.resolve(ok(scheduleRow({ schedule: { ...scheduleRow().schedule, id, enabled } }))),
    );
    mock.api['schedules.runNow'].mockResolvedValue(ok({ jobId: 'nightly:manual:1' }));
    const ledger: LedgerReport = {
      scheduleId: 'nightly',
      missed: 2,
      duplicated: 0,
      ticks: [
        {
          tickMs: Date.UTC(2025, 0, 1, 1),
          jobId: 'nightly:1735693200000',
          producedBy: ['node-a'],
          lagMs: 12,
          outcome: 'failed',
          attempts: 1,
          error: '<b>boom</b>',
        },
      ],
    };
    mock.api['schedules.ledger'].mockResolvedValue(ok(ledger));
    renderPage();

    fireEvent.click(await screen.findByRole('switch', { name: 'Enable nightly' }));
    await waitFor(() =>
      expect(mock.api['schedules.setEnabled']).toHaveBeenCalledWith({
        id: 'nightly',
        enabled: false,
      }),
    );

    fireEvent.click(screen.getByRole('button', { name: 'Run now' }));
    expect(await screen.findByText('Added job nightly:manual:1 for nightly')).toBeTruthy();

    await act(async () => {
      fireEvent.click(screen.getByText('nightly'));
    });
    expect(mock.api['schedules.ledger']).toHaveBeenCalledWith({ id: 'nightly', limit: 100 });
    expect(await screen.findByText('nightly:1735693200000')).toBeTruthy();
    // Untrusted text stays text.
    expect(screen.getByText('<b>boom</b>')).toBeTruthy();
  });
});
