import Bull from 'bull';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  reportFailures,
  startConsoleFixture,
  type ConsoleFixture,
} from './support/console-fixture.js';
import { cellText, rowByKey, tableWithColumn } from './support/tables.js';

/** No schedule names this queue, so no node consumes it: its jobs stay waiting. */
const QUEUE = 'e2e-hostile';
/** The sandbox profile's prefix, under which Bull keeps its keys. */
const PREFIX = 'dipper';
const XSS_NAME = '<img src=x onerror="window.__xss=1">';
const XSS_DATA = { note: '<script>window.__xss=2</script>' };
const CORRUPT_DATA = '{"amount": 12, "currency":';

let f: ConsoleFixture;
let xssId: string;
let corruptId: string;

beforeAll(async () => {
  f = await startConsoleFixture({ prefix: 'hostile-jobs' });
  const queue = new Bull(QUEUE, { redis: await f.sandboxOptions(), prefix: PREFIX });
  queue.on('error', () => undefined);
  try {
    xssId = String((await queue.add(XSS_NAME, XSS_DATA)).id);
    corruptId = String((await queue.add('charge', { amount: 12, currency: 'EUR' })).id);
  } finally {
    await queue.close();
  }
  // A hash that another program (or a bad migration) left half-written.
  const redis = await f.sandboxRedis();
  await redis.hset(`${PREFIX}:${QUEUE}:${corruptId}`, 'data', CORRUPT_DATA);
});

afterAll(async () => {
  await f?.close();
});

reportFailures(() => f);

/** What a successful injection would have left behind in the page. */
async function injectionTraces() {
  return f.page.evaluate<{ xss: string; images: number; scripts: number }>(`({
    xss: typeof window.__xss,
    images: document.querySelectorAll('img[src="x"]').length,
    scripts: [...document.scripts].filter((s) => s.textContent.includes('__xss')).length,
  })`);
}

describe('hostile job hashes in Chromium', () => {
  it('lists a corrupt job as unreadable with its raw text, beside a job named with HTML as text', async () => {
    const { page } = f;
    await f.open(`jobs/${QUEUE}/waiting`);
    const jobs = tableWithColumn(page, 'Data');
    const corruptRow = rowByKey(jobs, corruptId);
    const xssRow = rowByKey(jobs, xssId);
    await corruptRow.waitFor();
    await xssRow.waitFor();

    expect(await cellText(jobs, corruptRow, 'Name')).toBe('unreadable');
    expect(await cellText(jobs, corruptRow, 'Data')).toContain(`data: ${CORRUPT_DATA}`);
    expect(await cellText(jobs, xssRow, 'Name')).toBe(XSS_NAME);
    expect(await cellText(jobs, xssRow, 'Data')).toBe(JSON.stringify(XSS_DATA));
    expect(await injectionTraces()).toEqual({ xss: 'undefined', images: 0, scripts: 0 });
    await f.screenshot('01-jobs-waiting');

    await corruptRow.getByText(corruptId, { exact: true }).click();
    const corrupt = page.getByRole('dialog', { name: `Job ${corruptId}` });
    await corrupt.getByText('This job cannot be read').waitFor();
    const dataField = corrupt.locator('.ant-descriptions-item-label', { hasText: /^data$/ });
    expect(await dataField.count()).toBe(1);
    expect(await corrupt.locator('pre').filter({ hasText: CORRUPT_DATA }).innerText()).toBe(
      CORRUPT_DATA,
    );
    await f.screenshot('02-unreadable-job');
    await corrupt.getByRole('button', { name: 'Close' }).click();
    await corrupt.waitFor({ state: 'hidden' });

    // The page still works after the unreadable job: the other job opens, with its data.
    await xssRow.getByText(xssId, { exact: true }).click();
    const xss = page.getByRole('dialog', { name: `Job ${xssId}` });
    await xss.getByText(XSS_NAME, { exact: true }).waitFor();
    await xss.getByText('Data', { exact: true }).click();
    await xss.getByRole('button', { name: /^Load data \(\d+ bytes\)$/ }).click();
    await xss.getByText(XSS_DATA.note, { exact: false }).waitFor();
    expect(await injectionTraces()).toEqual({ xss: 'undefined', images: 0, scripts: 0 });
    await f.screenshot('03-html-named-job');

    expect(f.browser.pageErrors).toEqual([]);
  });
});
