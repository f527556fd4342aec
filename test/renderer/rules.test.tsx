import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AlertTransition } from '../../shared/alerting/alert.js';
import type { ReplayTimeline } from '../../shared/alerting/replay.js';
import { RuleSchema } from '../../shared/alerting/rule.js';
import { fail, ok } from '../../shared/result.js';
import { RulesPage } from '../../renderer/pages/rules/RulesPage.js';
import { useLiveStore } from '../../renderer/stores/live.js';
import { useRulesStore } from '../../renderer/stores/rules.js';
import { appInfo, ruleRow } from './fixtures.js';
import { installMockApi, type MockTransport } from './mock-api.js';
import { renderInConsole, typeInto } from './render.js';

function transition(overrides: Partial<AlertTransition>): AlertTransition {
  return {
    ruleId: 'cpu-high',
    seriesKey: '{host="a"}',
    labels: { host: 'a' },
    from: 'normal',
    to: 'firing',
    atMs: Date.UTC(2025, 0, 1, 10),
    value: 95,
    threshold: 90,
    severity: 'critical',
    summary: 'CPU on a is 95',
    description: '',
    ...overrides,
  };
}

function renderPage() {
  return renderInConsole(<RulesPage />);
}

/** Picks the option shown as `title` in a searchable select after typing `text`. */
async function pick(label: string, text: string, title: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value: text } });
  fireEvent.click(await screen.findByTitle(title));
}

/** Fills the new-Rule form with a valid Rule: cpu_usage > 90 on prom. */
async function openNewRule() {
  fireEvent.click(await screen.findByRole('button', { name: 'New Rule' }));
  typeInto('Id', 'cpu-high');
  typeInto('Name', 'CPU high');
  await pick('Source', 'prom', 'Prometheus (prom, prometheus)');
  typeInto('Query', 'cpu_usage');
  typeInto('Threshold', '90');
  typeInto('Summary', 'CPU is {{ $value }}');
}

let mock: MockTransport;

beforeEach(() => {
  mock = installMockApi();
  useRulesStore.setState(useRulesStore.getInitialState(), true);
  useLiveStore.setState({ app: appInfo({ kind: 'sandbox' }) });
  mock.api['rules.list'].mockResolvedValue(ok([]));
  mock.api['sources.list'].mockResolvedValue(
    ok([{ id: 'prom', name: 'Prometheus', kind: 'prometheus' }]),
  );
});

describe('rules store', () => {
  it('loads the rows and becomes ready', async () => {
    mock.api['rules.list'].mockResolvedValue(ok([ruleRow()]));

    await useRulesStore.getState().load();

    expect(useRulesStore.getState().status).toBe('ready');
    expect(useRulesStore.getState().rows[0]?.rule.id).toBe('cpu-high');
  });

  it('keeps the failure message when the list fails', async () => {
    mock.api['rules.list'].mockResolvedValue(
      fail('TIMEOUT', 'rules.list took longer than 10000 ms'),
    );

    await useRulesStore.getState().load();

    expect(useRulesStore.getState()).toMatchObject({
      status: 'error',
      error: 'rules.list took longer than 10000 ms',
    });
  });

  it('reloads when config.changed names rules', async () => {
    const stop = useRulesStore.getState().watch();

    mock.emit('config.changed', { area: 'channels' });
    expect(mock.api['rules.list']).not.toHaveBeenCalled();
    mock.api['rules.list'].mockResolvedValue(ok([ruleRow()]));
    mock.emit('config.changed', { area: 'rules' });

    await waitFor(() => expect(useRulesStore.getState().rows).toHaveLength(1));
    stop();
  });
});

describe('RulesPage', () => {
  it('lists each Rule with its worst state and counts per state', async () => {
    mock.api['rules.list'].mockResolvedValue(ok([ruleRow()]));

    renderPage();

    const row = (await screen.findByText('cpu-high')).closest('.ant-table-row') as HTMLElement;
    expect(within(row).getByText('firing')).toBeTruthy();
    expect(within(row).getByText('firing 2')).toBeTruthy();
    expect(within(row).getByText('pending 1')).toBeTruthy();
  });

  describe('when editing', () => {
    it("shows the schema's message as the person types", async () => {
      renderPage();
      await openNewRule();

      typeInto('Resolve threshold (optional)', '95');

      expect(
        await screen.findByText(
          'resolveThreshold 95 is on the wrong side of threshold 90: with op ">" an Alert resolves once the value is back below it, so expected at most 90',
        ),
      ).toBeTruthy();
      typeInto('Evaluate (cron)', '* * *');
      expect(await screen.findByText(/cron "\* \* \*" has 3 fields; expected 5/)).toBeTruthy();
      expect(screen.getByRole('button', { name: 'Save' })).toHaveProperty('disabled', true);
    });

    it('marks the required fields and says which are missing where Test now and Save wait', async () => {
      renderPage();
      fireEvent.click(await screen.findByRole('button', { name: 'New Rule' }));
      typeInto('Id', 'cpu-high');
      typeInto('Name', 'CPU high');
      await pick('Source', 'prom', 'Prometheus (prom, prometheus)');
      typeInto('Query', 'cpu_usage');
      typeInto('Threshold', '90');

      const required = [...document.querySelectorAll('.ant-form-item-required')].map(
        (label) => label.textContent,
      );
      expect(required).toEqual([
        'Id',
        'Name',
        'Source',
        'Query',
        'Threshold',
        'Evaluate (cron)',
        'Time zone',
        'Summary',
      ]);

      fireEvent.click(screen.getByRole('tab', { name: 'Test now' }));
      expect(await screen.findByText('Fill in or fix first: Summary')).toBeTruthy();
      expect(screen.getByRole('button', { name: 'Test now' })).toHaveProperty('disabled', true);

      fireEvent.click(screen.getByRole('tab', { name: 'Rule' }));
      fireEvent.blur(screen.getByLabelText('Summary'));
      const save = screen.getByRole('button', { name: 'Save' });
      expect(save).toHaveProperty('disabled', true);
      fireEvent.mouseEnter(save.parentElement ?? save);
      expect((await screen.findByRole('tooltip')).textContent).toBe(
        'Fill in or fix first: Summary',
      );
    });

    it('saves the typed Rule with rules.save', async () => {
      mock.api['rules.save'].mockImplementation(({ rule: draft }) =>
        Promise.resolve(ok(ruleRow({ rule: RuleSchema.parse(draft) }))),
      );
      renderPage();
      await openNewRule();
      typeInto('Labels (one name=value per line)', 'team=infra\nenv = prod');

      fireEvent.click(screen.getByRole('button', { name: 'Save' }));

      await waitFor(() => expect(mock.api['rules.save']).toHaveBeenCalledTimes(1));
      const request = mock.api['rules.save'].mock.lastCall?.[0];
      expect(request?.create).toBe(true);
      expect(request?.rule).toMatchObject({
        id: 'cpu-high',
        source: { sourceId: 'prom', query: 'cpu_usage' },
        condition: { op: '>', threshold: 90 },
        evaluate: { cron: '* * * * *', tz: 'UTC' },
        labels: { team: 'infra', env: 'prod' },
        severity: 'warning',
      });
      expect(await screen.findByText('Saved Rule cpu-high')).toBeTruthy();
    });

    it("shows main's refusal above the tabs and its field issue under the field", async () => {
      mock.api['rules.save'].mockResolvedValue(
        fail('CONFLICT', 'rule "cpu-high" already exists', [
          { path: 'rule.id', message: 'id "cpu-high" is taken' },
        ]),
      );
      renderPage();
      await openNewRule();

      fireEvent.click(screen.getByRole('button', { name: 'Save' }));

      expect(await screen.findByText('rule "cpu-high" already exists')).toBeTruthy();
      const idItem = screen.getByLabelText('Id').closest('.ant-form-item');
      expect(idItem?.textContent).toContain('id "cpu-high" is taken');
      // By role the button reads 'loading Save' until the spinner's leave motion ends.
      expect(screen.getByText('Save').closest('button')).toHaveProperty('disabled', true);
    });
  });

  it('tests the draft now and shows each series with its value and whether it meets the condition', async () => {
    mock.api['rules.test'].mockResolvedValue(
      ok({
        atMs: Date.UTC(2025, 0, 1),
        durationMs: 12,
        threshold: 90,
        error: null,
        series: [
          { labels: { host: 'web-1' }, value: 97.5, conditionMet: true },
          { labels: { host: 'web-2' }, value: 40, conditionMet: false },
        ],
      }),
    );
    renderPage();
    await openNewRule();

    fireEvent.click(screen.getByRole('tab', { name: 'Test now' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Test now' }));

    expect(await screen.findByText('97.5')).toBeTruthy();
    expect(mock.api['rules.test'].mock.lastCall?.[0].rule).toMatchObject({
      id: 'cpu-high',
      condition: { op: '>', threshold: 90 },
    });
    const met = screen.getByText('host=web-1').closest('.ant-table-row') as HTMLElement;
    expect(within(met).getByText('met')).toBeTruthy();
    const notMet = screen.getByText('host=web-2').closest('.ant-table-row') as HTMLElement;
    expect(within(notMet).getByText('not met')).toBeTruthy();
  });

  it('replays over the chosen window and draws the timeline with the threshold', async () => {
    const fromMs = Date.UTC(2025, 0, 1, 9);
    const toMs = Date.UTC(2025, 0, 1, 12);
    const timeline: ReplayTimeline = {
      ruleId: 'cpu-high',
      fromMs,
      toMs,
      ticks: 181,
      warmupTicks: 0,
      queryStepMs: 60_000,
      transitions: [
        transition({}),
        transition({
          from: 'firing',
          to: 'resolved',
          atMs: Date.UTC(2025, 0, 1, 11),
          value: 50,
          summary: 'CPU on a is 50',
        }),
        transition({
          seriesKey: '{host="b"}',
          labels: { host: 'b' },
          to: 'pending',
          atMs: Date.UTC(2025, 0, 1, 10, 30),
          value: 91,
          summary: 'CPU on b is 91',
        }),
      ],
      notifications: [
        {
          atMs: Date.UTC(2025, 0, 1, 10),
          status: 'firing',
          isRepeat: false,
          routeId: 'oncall',
          channels: ['ops-slack'],
          groupLabels: { alertname: 'cpu-high' },
          alerts: ['{host="a"}'],
        },
      ],
      isTruncated: false,
      series: 2,
      firingMs: { '{host="a"}': 3_600_000 },
    };
    mock.api['rules.replay'].mockResolvedValue(ok(timeline));
    const { container } = renderPage();
    await openNewRule();

    fireEvent.click(screen.getByRole('tab', { name: 'Replay' }));
    fireEvent.change(await screen.findByLabelText('From'), {
      target: { value: '2025-01-01T09:00' },
    });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2025-01-01T12:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Replay' }));

    await waitFor(() => expect(mock.api['rules.replay']).toHaveBeenCalledTimes(1));
    expect(mock.api['rules.replay'].mock.lastCall?.[0].window).toEqual({
      fromMs: new Date('2025-01-01T09:00').getTime(),
      toMs: new Date('2025-01-01T12:00').getTime(),
    });
    expect(await screen.findByText('CPU on a is 95')).toBeTruthy();
    expect(screen.getByText('ops-slack')).toBeTruthy();
    const chart = container.ownerDocument.querySelector('.recharts-wrapper');
    expect(chart).not.toBeNull();
    // One line per series, the dashed threshold line, one shaded firing span.
    expect(chart?.querySelectorAll('.recharts-line')).toHaveLength(2);
    expect(chart?.querySelector('.recharts-reference-line')).not.toBeNull();
    expect(chart?.querySelectorAll('.recharts-reference-area')).toHaveLength(1);
  });

  it('names a series without labels "(no labels)" in the replay chart’s legend', async () => {
    const atMs = Date.UTC(2025, 0, 1, 10);
    mock.api['rules.replay'].mockResolvedValue(
      ok({
        ruleId: 'cpu-high',
        fromMs: atMs - 3_600_000,
        toMs: atMs + 3_600_000,
        ticks: 121,
        warmupTicks: 0,
        queryStepMs: 60_000,
        transitions: [
          transition({}),
          transition({ seriesKey: '{}', labels: {}, from: 'normal', to: 'nodata', value: 0 }),
        ],
        notifications: [],
        isTruncated: false,
        series: 2,
        firingMs: {},
      }),
    );
    const { container } = renderPage();
    await openNewRule();

    fireEvent.click(screen.getByRole('tab', { name: 'Replay' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Replay' }));

    await waitFor(() =>
      expect(container.ownerDocument.querySelector('.recharts-legend-wrapper')).not.toBeNull(),
    );
    const legend = container.ownerDocument.querySelector('.recharts-legend-wrapper');
    const names = [...(legend?.querySelectorAll('.recharts-legend-item-text') ?? [])].map(
      (item) => item.textContent,
    );
    expect(names.sort()).toEqual(['(no labels)', '{host="a"}']);
  });

  it('checks the replay step in seconds before asking main', async () => {
    renderPage();
    await openNewRule();
    fireEvent.click(screen.getByRole('tab', { name: 'Replay' }));
    fireEvent.change(await screen.findByLabelText('From'), {
      target: { value: '2025-01-01T00:00' },
    });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2025-01-04T00:00' } });
    const step = screen.getByLabelText('Step (s)');
    expect(step.getAttribute('placeholder')).toBe('every cron tick');

    fireEvent.change(step, { target: { value: '0' } });
    expect(await screen.findByText('The step must be at least 1 s')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Replay' })).toHaveProperty('disabled', true);

    // Three days at 1 s: 259,201 evaluations.
    fireEvent.change(step, { target: { value: '1' } });
    expect(
      await screen.findByText(
        'This step gives 259201 evaluations in the window; at most 100000: use at least 3 s',
      ),
    ).toBeTruthy();

    fireEvent.change(step, { target: { value: '60' } });
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Replay' })).toHaveProperty('disabled', false),
    );
    expect(mock.api['rules.replay']).not.toHaveBeenCalled();
  });

  it('lists the recent evaluations of a saved Rule', async () => {
    mock.api['rules.list'].mockResolvedValue(ok([ruleRow()]));
    mock.api['rules.evaluations'].mockResolvedValue(
      ok([
        {
          ruleId: 'cpu-high',
          atMs: Date.UTC(2025, 0, 1),
          durationMs: 8,
          series: 3,
          value: 97,
          threshold: 90,
          state: 'firing',
          states: { firing: 1, normal: 2 },
          transitions: 1,
          error: 'source answered 503',
        },
      ]),
    );
    renderPage();

    fireEvent.click(await screen.findByText('cpu-high'));
    fireEvent.click(await screen.findByRole('tab', { name: 'Recent evaluations' }));

    expect(await screen.findByText('source answered 503')).toBeTruthy();
    expect(mock.api['rules.evaluations']).toHaveBeenCalledWith({ id: 'cpu-high', limit: 50 });
  });
});
