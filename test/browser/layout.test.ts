import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../harness/wait.js';
import {
  reportFailures,
  startConsoleFixture,
  type ConsoleFixture,
} from './support/console-fixture.js';

const runFile = promisify(execFile);
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = fileURLToPath(new URL('../../main/cli/bin.ts', import.meta.url));
const CSV = fileURLToPath(new URL('../fixtures/frontend-js-errors.csv', import.meta.url));

let f: ConsoleFixture;

beforeAll(async () => {
  f = await startConsoleFixture({ prefix: 'layout', demo: true });
  // The longest texts the tables show: a long reason, a timed resume and a local pause.
  await f.api.value('queues.pause', {
    queue: 'demo-payments',
    scope: 'global',
    reason: 'INC-4711: the payments provider answers 503 to every charge; waiting for their fix',
    resumeAfterMs: 3_600_000,
  });
  await f.api.value('queues.pause', { queue: 'demo', scope: 'local', reason: 'draining' });
  await f.api.value('silences.create', {
    matchers: [
      { name: 'alertname', op: '=', value: 'Payment jobs failing' },
      { name: 'queue', op: '=~', value: 'demo-payments|demo-refunds' },
      { name: 'metric', op: '=', value: 'failed_per_minute' },
    ],
    endsAtMs: Date.now() + 3_600_000,
    comment: 'provider incident',
  });
  await waitFor(
    async () => {
      const [schedules, queues] = await Promise.all([
        f.api.value('schedules.list', {}),
        f.api.value('queues.list', {}),
      ]);
      const count = (queue: string, state: 'paused' | 'waiting') =>
        queues.find((q) => q.name === queue)?.counts[state] ?? 0;
      return (
        schedules.some((row) => row.lastTick !== null) &&
        count('demo-payments', 'paused') > 0 &&
        count('demo', 'waiting') > 0
      );
    },
    'a last tick, and jobs held by both pauses',
    30_000,
    250,
  );
});

afterAll(async () => {
  await f?.close();
});

reportFailures(() => f);

/**
 * Runs in the page (a string: this project's Node tsconfig has no DOM types) and lists what a
 * person sees as broken in its tables: a table that scrolls sideways, a header that wraps, an
 * element that pokes out of its cell unclipped (a cell's ellipsis clips; a wide button does not).
 */
const FIND_LAYOUT_PROBLEMS = `(() => {
  const problems = [];
  for (const scroller of document.querySelectorAll('.ant-table-content, .ant-table-body')) {
    if (scroller.scrollWidth > scroller.clientWidth + 1) {
      problems.push('table scrolls sideways: ' + scroller.scrollWidth + ' > ' + scroller.clientWidth);
    }
  }
  for (const th of document.querySelectorAll('thead th.ant-table-cell')) {
    const texts = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
    for (let text = texts.nextNode(); text; text = texts.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(text);
      const lineTops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      if (lineTops.size > 1) problems.push('header wraps: ' + text.textContent);
    }
  }
  const clips = (el) => getComputedStyle(el).overflowX !== 'visible';
  for (const cell of document.querySelectorAll('tbody td.ant-table-cell')) {
    const right = cell.getBoundingClientRect().right + 1;
    if (clips(cell)) continue;
    for (const el of cell.querySelectorAll('*')) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.right <= right) continue;
      let isClipped = false;
      for (let up = el.parentElement; up && up !== cell; up = up.parentElement) {
        if (clips(up) && up.getBoundingClientRect().right <= right) isClipped = true;
      }
      if (!isClipped) {
        const what = (el.innerText || el.className || el.tagName).toString().trim().slice(0, 60);
        problems.push('pokes out of its cell by ' + Math.round(box.right - right) + ' px: ' + what);
      }
    }
  }
  return [...new Set(problems)];
})()`;

/**
 * Opens a page (and a tab of it), waits for its heading and a first table row, and lists its
 * layout problems.
 */
async function problemsOn(page: Page, language: 'en' | 'zh'): Promise<string[]> {
  const [route, heading, tab] = page;
  await f.open(route);
  await f.page.getByRole('heading', { name: heading[language], exact: true }).waitFor();
  if (tab) await f.page.getByRole('tab', { name: tab[language] }).click();
  await f.page.locator('tbody .ant-table-row').filter({ visible: true }).first().waitFor();
  const problems = await f.page.evaluate<string[]>(FIND_LAYOUT_PROBLEMS);
  await f.screenshot(`${language}-${route.replace(/\W+/g, '-')}${tab ? `-${tab.en}` : ''}`);
  return problems;
}

type Texts = { en: string; zh: string };
/** A route, its heading and, for a page with tabs, the tab looked at. */
type Page = [route: string, heading: Texts, tab?: Texts];

/** Each page with rows to show. */
const PAGES: Page[] = [
  ['overview', { en: 'Overview', zh: '总览' }],
  ['queues', { en: 'Queues', zh: '队列' }],
  ['jobs/demo-payments/paused', { en: 'Jobs', zh: '任务' }],
  ['jobs/demo/waiting', { en: 'Jobs', zh: '任务' }],
  ['schedules', { en: 'Schedules', zh: '定时任务' }],
  ['rules', { en: 'Rules', zh: '规则' }],
  ['alerts', { en: 'Alerts', zh: '告警' }, { en: 'Silences', zh: '静默' }],
  ['channels', { en: 'Channels', zh: '通知渠道' }],
  ['profiles', { en: 'Profiles', zh: '连接配置' }],
  ['audit', { en: 'Audit log', zh: '审计日志' }],
];

describe('the console at 1440 px wide', () => {
  describe('in English', () => {
    it.for(PAGES)('shows #/%s with every column in view and nothing overflowing', async (page) => {
      expect(await problemsOn(page, 'en')).toEqual([]);
    });
  });

  it('heads every page alike, its title at the top of the content', async () => {
    const tops: Record<string, number> = {};
    for (const [route, heading] of PAGES) {
      await f.open(route);
      const title = f.page.getByRole('heading', { name: heading.en, exact: true });
      await title.waitFor();
      const content = await f.page.locator('.ant-layout-content').boundingBox();
      const box = await title.boundingBox();
      tops[route] = Math.round((box?.y ?? 0) - (content?.y ?? 0));
    }

    // The content's own padding, 16 px, and nothing above the title.
    expect(tops).toEqual(Object.fromEntries(PAGES.map(([route]) => [route, 16])));
  });

  it('draws the replay chart with every time label inside it', async () => {
    // The demo's JS-errors source reads this recorded set, which `dipper record` brings.
    await runFile(
      process.execPath,
      ['--import', 'tsx', CLI, 'record', 'import', CSV, '--set', 'frontend-js-errors'],
      { cwd: REPO_ROOT, env: { ...process.env, DIPPER_HOME: f.home } },
    );
    await f.open('rules');
    await f.page.getByText('demo-js-errors', { exact: true }).click();
    const drawer = f.page.getByRole('dialog', { name: 'Edit demo-js-errors' });
    await drawer.getByRole('tab', { name: 'Replay' }).click();
    // The Rule's state changes at 09:55 and 10:25 (UTC, the browser's zone here): the window's
    // ends, where the chart labels its first and last point.
    await drawer.getByLabel('From').fill('2024-05-01 09:55');
    await drawer.getByLabel('To').fill('2024-05-01 10:25');
    await drawer.getByRole('button', { name: 'Replay', exact: true }).click();
    // recharts lays the axis out before it writes the tick labels: poll until they are there.
    const surface = drawer.locator('.recharts-wrapper > svg.recharts-surface');
    const ticks = () =>
      surface.evaluate((svg) => {
        const bounds = svg.getBoundingClientRect();
        const values = svg.querySelectorAll(
          '.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value',
        );
        return [...values].map((tick) => {
          const box = tick.getBoundingClientRect();
          const isInside = box.left >= bounds.left - 1 && box.right <= bounds.right + 1;
          return `${tick.textContent ?? ''}${isInside ? '' : ' (cut off)'}`;
        });
      });

    await expect.poll(ticks, { timeout: 10_000 }).toEqual(['05-01 09:55', '05-01 10:25']);
    await surface.scrollIntoViewIfNeeded();
    await f.screenshot('en-rule-replay-chart');
  });

  describe('in Chinese', () => {
    beforeAll(async () => {
      await f.open('overview');
      await f.page.getByRole('radiogroup', { name: 'Language' }).getByText('中文').click();
      await f.page.getByRole('heading', { name: '总览' }).waitFor();
    });

    it.for(PAGES)('shows #/%s with every column in view and nothing overflowing', async (page) => {
      expect(await problemsOn(page, 'zh')).toEqual([]);
    });
  });
});
