import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpReceiver, type HttpReceiver } from '../harness/http-receiver.js';
import type { NodeProcess } from '../harness/node-process.js';
import {
  reportFailures,
  startConsoleFixture,
  type ConsoleFixture,
} from './support/console-fixture.js';
import { cellText, parseConsoleTime, rowByKey, tableWithColumn } from './support/tables.js';

let f: ConsoleFixture;
let second: NodeProcess;
let receiver: HttpReceiver;

beforeAll(async () => {
  f = await startConsoleFixture({ prefix: 'schedules-jobs' });
  second = await f.startNode(['--node-id', 'e2e-second', '--heartbeat-ms', '500']);
  receiver = await startHttpReceiver();
});

afterAll(async () => {
  await receiver?.close();
  await f?.close();
});

reportFailures(() => f);

describe('the console in Chromium on a serve node and a second node', () => {
  it('creates a six-field schedule through the form, lists its next run and runs its ticks', async () => {
    const { page } = f;
    await f.open('schedules');
    await page.getByRole('button', { name: 'New schedule' }).click();
    const drawer = page.getByRole('dialog', { name: 'New schedule' });
    await drawer.getByLabel('Id', { exact: true }).fill('e2e-tick');
    await drawer.getByLabel('Name', { exact: true }).fill('E2E every 2 seconds');
    await drawer.getByLabel('Cron', { exact: true }).fill('*/2 * * * * *');
    await drawer.getByLabel('Queue', { exact: true }).fill('e2e');
    await drawer.getByLabel('Job name', { exact: true }).fill('echo');
    await drawer.getByLabel('Job data (JSON)').fill('{"hello":"browser"}');

    // The preview of the next fire times comes from main once the draft is valid.
    const preview = tableWithColumn(drawer, 'UTC');
    await preview.locator('tbody tr.ant-table-row').first().waitFor();
    const fireTimes = (
      await preview.locator('tbody tr.ant-table-row td:last-child').allInnerTexts()
    ).map((text) => Date.parse(text.trim().replace(' ', 'T').replace(' UTC', 'Z')));
    expect(fireTimes.length).toBeGreaterThanOrEqual(5);
    expect(fireTimes.slice(1).map((atMs, i) => atMs - fireTimes[i]!)).toEqual(
      fireTimes.slice(1).map(() => 2_000),
    );
    await f.screenshot('01-schedule-form');

    const savedAtMs = Date.now();
    await drawer.getByRole('button', { name: 'Save' }).click();
    await drawer.waitFor({ state: 'hidden' });

    const list = tableWithColumn(page, 'Next run (local)');
    const row = rowByKey(list, 'e2e-tick');
    await row.waitFor();
    // Cron over its zone; queue over job.
    expect((await cellText(list, row, 'Cron')).split('\n')).toEqual(['*/2 * * * * *', 'UTC']);
    expect((await cellText(list, row, 'Queue / Job')).split('\n')).toEqual(['e2e', 'echo']);
    const nextRunMs = parseConsoleTime(await cellText(list, row, 'Next run (local)'));
    expect(nextRunMs % 2_000).toBe(0);
    expect(nextRunMs).toBeGreaterThan(savedAtMs - 2_000);
    expect(nextRunMs).toBeLessThanOrEqual(Date.now() + 2_000);
    await f.screenshot('02-schedules-list');

    // The Jobs page, reached through its menu and pickers as a person would.
    await page.getByRole('menuitem', { name: 'Jobs' }).click();
    await page.getByRole('combobox', { name: 'Queue' }).click();
    await page.getByRole('combobox', { name: 'Queue' }).fill('e2e');
    await page.locator('.ant-select-item-option[title="e2e"]').click();
    await page.getByRole('combobox', { name: 'State' }).click();
    await page.locator('.ant-select-item-option[title="Completed"]').click();
    await page.waitForURL(/#\/jobs\/e2e\/completed$/);

    const jobs = tableWithColumn(page, 'Data');
    const tickRows = rowByKey(jobs, 'tick.e2e-tick.', true);
    await f.clickUntil(
      'Refresh',
      async () => (await tickRows.count()) >= 2,
      'two completed ticks of e2e',
    );
    const ids = await tickRows.evaluateAll((rows) =>
      rows.map((r) => r.getAttribute('data-row-key')),
    );
    for (const id of ids) {
      expect(id).toMatch(/^tick\.e2e-tick\.\d+$/);
      const fireMs = Number(id!.split('.').at(-1));
      expect(fireMs % 2_000).toBe(0);
      // No tick is older than the schedule (the first may precede the next run shown).
      expect(fireMs).toBeGreaterThan(savedAtMs - 1_000);
    }
    const firstJob = rowByKey(jobs, ids[0]!);
    expect(await cellText(jobs, firstJob, 'Id')).toBe(ids[0]);
    expect(await cellText(jobs, firstJob, 'Name')).toBe('echo');
    expect(await cellText(jobs, firstJob, 'Data')).toBe('{"hello":"browser"}');
    await f.screenshot('03-jobs-completed');

    await page.getByRole('menuitem', { name: 'Overview' }).click();
    const nodes = tableWithColumn(page, 'Last seen');
    const secondRow = rowByKey(nodes, second.nodeId);
    await secondRow.waitFor();
    expect(await cellText(nodes, secondRow, 'Live')).toBe('Live');
    expect(await cellText(nodes, rowByKey(nodes, f.serve.nodeId), 'Live')).toBe('Live');
    await f.screenshot('04-overview-nodes');

    expect(f.browser.pageErrors).toEqual([]);
  });

  it('shows a failed http.call with its reason as text and retries it from the job detail', async () => {
    const { page } = f;
    receiver.answer({ status: 500, body: 'receiver is down' });
    await f.api.value('schedules.save', {
      create: true,
      schedule: {
        id: 'e2e-http',
        name: 'E2E HTTP call',
        // Once a year: the job of this test comes from "Run now".
        cron: '0 0 1 1 *',
        queue: 'e2e-http',
        job: 'http.call',
        data: { method: 'POST', url: `${receiver.url}/hook`, body: { from: 'browser' } },
        options: { attempts: 1 },
      },
    });

    await f.open('schedules');
    const list = tableWithColumn(page, 'Next run (local)');
    await rowByKey(list, 'e2e-http').getByRole('button', { name: 'Run now' }).click();
    const added = page.getByText(/^Added job \S+ for e2e-http$/);
    const jobId = /^Added job (\S+) for/.exec(await added.innerText())![1]!;
    await receiver.waitForRequests(1);
    expect(receiver.requests[0]).toMatchObject({ method: 'POST', path: '/hook' });

    await f.open('jobs/e2e-http/failed');
    const jobs = tableWithColumn(page, 'Failure reason');
    const failedRow = rowByKey(jobs, jobId);
    await f.clickUntil('Refresh', () => failedRow.isVisible(), `job ${jobId} in failed`);
    const reason = `POST ${receiver.url}/hook: expected status 2xx, got 500`;
    expect(await cellText(jobs, failedRow, 'Failure reason')).toBe(reason);
    await f.screenshot('05-jobs-failed');

    // The id is an <a> without href, so it has no link role: found by its text.
    await failedRow.getByText(jobId, { exact: true }).click();
    const drawer = page.getByRole('dialog', { name: `Job ${jobId}` });
    await drawer.getByText(reason, { exact: true }).waitFor();
    expect(await drawer.locator('.ant-tag').first().innerText()).toBe('failed');
    await f.screenshot('06-job-detail-failed');

    receiver.answer({ status: 200, body: { ok: true } });
    await drawer.getByRole('button', { name: 'Retry' }).click();
    await page.getByText(`Job ${jobId} moved back to waiting`).waitFor();
    await receiver.waitForRequests(2);

    await f.open(`jobs/e2e-http/completed`);
    const completedRow = rowByKey(tableWithColumn(page, 'Data'), jobId);
    await f.clickUntil('Refresh', () => completedRow.isVisible(), `job ${jobId} in completed`);
    await completedRow.getByText(jobId, { exact: true }).click();
    const done = page.getByRole('dialog', { name: `Job ${jobId}` });
    await done.getByText('Return value').click();
    await done.getByText(/^\{"status":200,/).waitFor();
    expect(await done.locator('.ant-tag').first().innerText()).toBe('completed');
    await f.screenshot('07-job-detail-completed');

    expect(f.browser.pageErrors).toEqual([]);
  });
});
