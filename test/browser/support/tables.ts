import type { Locator, Page } from 'playwright-core';

/**
 * antd tables: plain ones render `<tr>` rows, virtual ones `<div>` rows without a row role.
 * Both carry the page's rowKey as `data-row-key` and `.ant-table-cell` cells, so rows are found
 * by the key the page gave them, and cells by their column's header text.
 */

/** The table (wrapper) that has a column headed `title`. */
export function tableWithColumn(scope: Page | Locator, title: string): Locator {
  // The inner locator of `has` is matched inside each wrapper, so it starts from the page.
  const page = 'page' in scope ? scope.page() : scope;
  return scope
    .locator('.ant-table-wrapper')
    .filter({ has: page.getByRole('columnheader', { name: title, exact: true }) });
}

/** The row whose key is `key`, or whose key starts with `key` when `prefix` is set. */
export function rowByKey(table: Locator, key: string, prefix = false): Locator {
  const quoted = JSON.stringify(key);
  return table.locator(prefix ? `[data-row-key^=${quoted}]` : `[data-row-key=${quoted}]`);
}

/** The text of a row's cell under the column headed `title`. */
export async function cellText(table: Locator, row: Locator, title: string): Promise<string> {
  const headers = (await table.locator('thead th').allInnerTexts()).map((h) => h.trim());
  const index = headers.indexOf(title);
  if (index === -1) throw new Error(`no column "${title}"; columns: ${headers.join(' | ')}`);

  return (await row.locator(':scope > .ant-table-cell').nth(index).innerText()).trim();
}

/** Reads `YYYY-MM-DD HH:MM:SS` as the console writes it (local time) back into epoch ms. */
export function parseConsoleTime(text: string): number {
  const match = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)$/.exec(text.trim());
  if (!match) throw new Error(`expected a time like 2026-01-31 09:00:00; got "${text}"`);
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, ...number[]];

  return new Date(y!, mo! - 1, d!, h!, mi!, s!).getTime();
}
