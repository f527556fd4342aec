import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { common } from '../../renderer/i18n/common.js';
import {
  reportFailures,
  startConsoleFixture,
  type ConsoleFixture,
} from './support/console-fixture.js';

let f: ConsoleFixture;

beforeAll(async () => {
  f = await startConsoleFixture({ prefix: 'settings' });
});

afterAll(async () => {
  await f?.close();
});

reportFailures(() => f);

/** The menu's item texts, top to bottom. */
async function menuTexts(): Promise<string[]> {
  return (await f.page.getByRole('menuitem').allInnerTexts()).map((text) => text.trim());
}

/** Relative luminance (0 black .. 1 white) of the page layout's computed background. */
async function layoutLuminance(): Promise<number> {
  // A string runs in the page: this project's Node tsconfig has no DOM types.
  const color = await f.page.evaluate<string>(
    `getComputedStyle(document.querySelector('.ant-layout')).backgroundColor`,
  );
  const [r, g, b] = (color.match(/\d+(\.\d+)?/g) ?? []).map(Number) as [number, number, number];

  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

describe('theme and language in Chromium', () => {
  it('switches to the dark theme and Simplified Chinese, and keeps both across a reload', async () => {
    const { page } = f;
    await f.open('overview');
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    expect(await menuTexts()).toEqual(Object.values(common.en.menu));
    expect(await layoutLuminance()).toBeGreaterThan(0.9);
    await f.screenshot('01-light-english');

    await page.getByRole('switch', { name: 'Dark theme' }).click();
    await page.getByRole('radiogroup', { name: 'Language' }).getByText('中文').click();
    await page.getByRole('heading', { name: '总览' }).waitFor();

    const chinese = [
      '总览',
      '队列',
      '任务',
      '定时任务',
      '规则',
      '告警',
      '通知渠道',
      '连接配置',
      '审计',
    ];
    expect(Object.values(common.zh.menu)).toEqual(chinese);
    expect(await menuTexts()).toEqual(chinese);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.getByRole('switch', { name: '深色主题' }).isChecked()).toBe(true);
    expect(await layoutLuminance()).toBeLessThan(0.1);
    await page.getByText('已连接').waitFor();
    await f.screenshot('02-dark-chinese-overview');

    await page.reload();
    await page.getByRole('heading', { name: '总览' }).waitFor();
    expect(await menuTexts()).toEqual(chinese);
    expect(await layoutLuminance()).toBeLessThan(0.1);
    const stored = await page.evaluate<string | null>(`localStorage.getItem('dipper.settings')`);
    expect(JSON.parse(stored ?? '{}')).toMatchObject({
      state: { theme: 'dark', language: 'zh' },
    });

    // Other pages follow the setting too.
    await page.getByRole('menuitem', { name: '队列' }).click();
    await page.getByRole('heading', { name: '队列' }).waitFor();
    await page.getByRole('columnheader', { name: '暂停信息' }).waitFor();
    await f.screenshot('03-dark-chinese-queues');
    await page.getByRole('menuitem', { name: '定时任务' }).click();
    await page.getByRole('heading', { name: '定时任务' }).waitFor();
    await page.getByRole('button', { name: '新建定时任务' }).waitFor();
    await f.screenshot('04-dark-chinese-schedules');

    expect(f.browser.pageErrors).toEqual([]);
  });
});
