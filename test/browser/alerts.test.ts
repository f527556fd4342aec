import { hostname, userInfo } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../harness/wait.js';
import {
  reportFailures,
  startConsoleFixture,
  type ConsoleFixture,
} from './support/console-fixture.js';
import { cellText, parseConsoleTime, rowByKey, tableWithColumn } from './support/tables.js';

const RULE = 'e2e-failing';
const RULE_NAME = 'E2E payment jobs failing';
/** How the Rule form offers the demo's `demo-queues` source: name (id, kind). */
const SOURCE_LABEL = 'Demo payment queue (demo-queues, queues)';
/** The Alert's labels: the `queues` source's series labels, then the Rule's own. */
const LABELS = { queue: 'demo-payments', metric: 'failed_per_minute', team: 'payments' };

let f: ConsoleFixture;

beforeAll(async () => {
  // The demo brings the `demo-queues` source: failed_per_minute of the demo-payments queue.
  f = await startConsoleFixture({ prefix: 'alerts', demo: true });
  // The demo's own payment jobs fail only in odd minutes; these fail every second.
  await f.api.value('schedules.save', {
    create: true,
    schedule: {
      id: 'e2e-payments-fail',
      name: 'E2E payment jobs that always fail',
      cron: '* * * * * *',
      queue: 'demo-payments',
      job: 'echo',
      data: { failTimes: 1 },
      options: { attempts: 1 },
    },
  });
});

afterAll(async () => {
  await f?.close();
});

reportFailures(() => f);

describe('alerting in Chromium: a queues Rule fires, is silenced and acknowledged', () => {
  it('creates a Rule on failed_per_minute in the Rules page and shows its Alert firing', async () => {
    const { page } = f;
    await f.open('rules');
    await page.getByRole('button', { name: 'New Rule' }).click();
    const drawer = page.getByRole('dialog', { name: 'New Rule' });
    await drawer.getByLabel('Id', { exact: true }).fill(RULE);
    await drawer.getByLabel('Name', { exact: true }).fill(RULE_NAME);
    // The source is picked from those configured: typing filters the list, a click picks one.
    const source = drawer.getByLabel('Source', { exact: true });
    await source.click();
    await source.fill('demo-queues');
    // antd's role="option" elements are hidden stand-ins for screen readers; a person clicks
    // the visible item.
    await page.locator('.ant-select-item-option', { hasText: SOURCE_LABEL }).click();
    expect(await drawer.getByTitle(SOURCE_LABEL).innerText()).toBe(SOURCE_LABEL);
    // A new form shows no problems; a field shows its own once the person has left it.
    expect(await drawer.locator('.ant-form-item-explain-error').count()).toBe(0);
    const query = drawer.getByLabel('Query', { exact: true });
    await query.focus();
    await query.blur();
    const queryProblem = drawer.getByText('query must not be empty', { exact: true });
    await queryProblem.waitFor();
    expect(await drawer.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    await query.fill('failed_per_minute');
    await queryProblem.waitFor({ state: 'detached' });
    // Button-style radios hide their inputs: a person clicks the visible label.
    await drawer.getByText('>', { exact: true }).click();
    expect(await drawer.getByRole('radio', { name: '>', exact: true }).isChecked()).toBe(true);
    await drawer.getByLabel('Threshold', { exact: true }).fill('0');
    await drawer.getByLabel('Evaluate (cron)').fill('*/2 * * * * *');
    await drawer.getByText('critical', { exact: true }).click();
    expect(await drawer.getByRole('radio', { name: 'critical' }).isChecked()).toBe(true);
    await drawer.getByLabel('Labels (one name=value per line)').fill('team=payments');
    await drawer.getByLabel('Summary').fill('{{ $value }} payment jobs failed');
    await drawer.getByTitle(SOURCE_LABEL).scrollIntoViewIfNeeded();
    await f.screenshot('01-rule-form');
    await drawer.getByRole('button', { name: 'Save' }).click();
    await drawer.waitFor({ state: 'hidden' });

    const rules = tableWithColumn(page, 'Worst state');
    const ruleRow = rowByKey(rules, RULE);
    await ruleRow.waitFor();
    expect(await cellText(rules, ruleRow, 'Condition')).toBe('failed_per_minute > 0');
    expect(await cellText(rules, ruleRow, 'Evaluated')).toBe('*/2 * * * * *');
    await f.clickUntil(
      'Reload',
      async () => (await cellText(rules, ruleRow, 'Worst state')) === 'firing',
      `Rule ${RULE} firing`,
      45_000,
      1_000,
    );
    await f.screenshot('02-rules-firing');

    await f.open('alerts');
    const firing = tableWithColumn(page, 'Acknowledged by');
    const alertRow = rowByKey(firing, `${RULE}/`, true);
    await f.clickUntil(
      'Reload',
      async () => (await alertRow.count()) === 1 && (await alertRow.isVisible()),
      `the Alert of ${RULE} listed`,
      45_000,
      1_000,
    );
    expect(await cellText(firing, alertRow, 'State')).toBe('firing');
    expect(await cellText(firing, alertRow, 'Rule')).toBe(RULE);
    expect(Number(await cellText(firing, alertRow, 'Value'))).toBeGreaterThanOrEqual(1);
    const labelTags = await alertRow.locator('.ant-tag[title]').allInnerTexts();
    expect(labelTags.sort()).toEqual(
      Object.entries(LABELS)
        .map(([k, v]) => `${k}=${v}`)
        .sort(),
    );
    await f.screenshot('03-alerts-firing');

    expect(f.browser.pageErrors).toEqual([]);
  });

  it('silences the Alert with matchers equal to its labels and acknowledges it as this user', async () => {
    const { page } = f;
    await f.open('alerts');
    const firing = tableWithColumn(page, 'Acknowledged by');
    const alertRow = rowByKey(firing, `${RULE}/`, true);
    await alertRow.waitFor();

    await alertRow.getByRole('button', { name: 'Silence' }).click();
    const modal = page.getByRole('dialog', { name: 'New silence' });
    // `alertname` (the Rule's name) first: routing adds it before silences are matched.
    const entries = [['alertname', RULE_NAME], ...Object.entries(LABELS)];
    for (const [index, [name, value]] of entries.entries()) {
      expect(await modal.getByLabel(`Label name ${index + 1}`, { exact: true }).inputValue()).toBe(
        name,
      );
      expect(await modal.getByLabel(`Label value ${index + 1}`, { exact: true }).inputValue()).toBe(
        value,
      );
    }
    expect(await modal.getByLabel(`Label name ${entries.length + 1}`).count()).toBe(0);
    await modal.getByLabel('Comment').fill('provider incident, e2e');
    await f.screenshot('04-silence-modal');
    await modal.getByRole('button', { name: 'Create silence' }).click();
    await modal.waitFor({ state: 'hidden' });

    await page.getByRole('tab', { name: 'Silences' }).click();
    const silences = tableWithColumn(page, 'Created by');
    const silenceRow = silences.locator('.ant-table-row');
    await silenceRow.first().waitFor();
    expect(await silenceRow.count()).toBe(1);
    const matchers = (await cellText(silences, silenceRow, 'Matchers')).split(',').sort();
    expect(matchers).toEqual(entries.map(([k, v]) => `${k}=${JSON.stringify(v)}`).sort());
    expect(await cellText(silences, silenceRow, 'State')).toBe('active');
    expect(await cellText(silences, silenceRow, 'Created by')).toBe(
      `${userInfo().username}@${hostname()}`,
    );
    expect(await cellText(silences, silenceRow, 'Comment')).toBe('provider incident, e2e');
    await f.screenshot('05-silences');

    await page.getByRole('tab', { name: 'Firing now' }).click();
    const ackedAtMs = Date.now();
    await alertRow.getByRole('button', { name: 'Acknowledge' }).click();
    await waitFor(
      async () => (await cellText(firing, alertRow, 'Acknowledged by')) !== '',
      'the acknowledgement shown',
    );
    const ackedBy = await cellText(firing, alertRow, 'Acknowledged by');
    const [user, ...time] = ackedBy.split(' ');
    expect(user).toBe(`${userInfo().username}@${hostname()}`);
    const atMs = parseConsoleTime(time.join(' '));
    expect(atMs).toBeGreaterThanOrEqual(Math.floor(ackedAtMs / 1_000) * 1_000);
    expect(atMs).toBeLessThanOrEqual(Date.now());
    expect(await alertRow.getByRole('button', { name: 'Acknowledge' }).isDisabled()).toBe(true);

    // Read again from main: the acknowledgement is stored, not only shown.
    await page.reload();
    await alertRow.waitFor();
    expect(await cellText(firing, alertRow, 'Acknowledged by')).toBe(ackedBy);
    expect(await cellText(firing, alertRow, 'State')).toBe('firing');
    await f.screenshot('06-acknowledged');

    expect(f.browser.pageErrors).toEqual([]);
  });
});
