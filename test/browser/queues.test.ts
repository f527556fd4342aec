import { hostname, userInfo } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeProcess } from '../harness/node-process.js';
import { waitFor } from '../harness/wait.js';
import {
  reportFailures,
  startConsoleFixture,
  type ConsoleFixture,
} from './support/console-fixture.js';
import { cellText, parseConsoleTime, rowByKey, tableWithColumn } from './support/tables.js';

const QUEUE = 'e2e-pause';

let f: ConsoleFixture;
let second: NodeProcess;

beforeAll(async () => {
  f = await startConsoleFixture({ prefix: 'queues' });
  second = await f.startNode(['--node-id', 'e2e-pause-second', '--heartbeat-ms', '500']);
  await f.api.value('schedules.save', {
    create: true,
    schedule: {
      id: 'e2e-pause',
      name: 'E2E every second',
      cron: '* * * * * *',
      queue: QUEUE,
      job: 'echo',
      data: { from: 'queues page' },
      options: { attempts: 1 },
    },
  });
  // Both nodes consume the queue before anything is paused.
  await waitFor(async () => {
    const queues = await f.api.value('queues.list', {});
    const queue = queues.find((q) => q.name === QUEUE);
    return queue !== undefined && queue.workers === 2 && queue.counts.completed >= 2;
  }, `two workers on ${QUEUE} and two completed jobs`);
});

afterAll(async () => {
  await f?.close();
});

reportFailures(() => f);

/** The queue's row on the Queues page and readers of its cells. */
function queueRow() {
  const table = tableWithColumn(f.page, 'Pause');
  const row = rowByKey(table, QUEUE);
  const cell = (column: string) => cellText(table, row, column);

  return {
    row,
    cell,
    /** The Pause cell's lines: where it is paused, then why, then who paused it and when. */
    pauseLines: async () => {
      const text = await cell('Pause');
      return text === '' ? [] : text.split('\n');
    },
  };
}

/** Checks a "user@host at time" line: this user on this machine, between two instants. */
function expectPausedBy(line: string | undefined, fromMs: number) {
  const match = /^(.+) at (.+)$/.exec(line ?? '');
  expect(match?.[1]).toBe(`${userInfo().username}@${hostname()}`);
  const atMs = parseConsoleTime(match?.[2] ?? '');
  expect(atMs).toBeGreaterThanOrEqual(Math.floor(fromMs / 1_000) * 1_000);
  expect(atMs).toBeLessThanOrEqual(Date.now());
}

describe('the Queues page in Chromium with a second node consuming', () => {
  it('pauses a queue everywhere with a reason, keeps it paused across a reload, and resumes it', async () => {
    const { page } = f;
    await f.open('queues');
    const { row, cell, pauseLines } = queueRow();
    await row.waitFor();
    expect(await cell('Workers')).toBe('2');

    await row.getByRole('button', { name: 'Pause' }).click();
    const modal = page.getByRole('dialog', { name: `Pause ${QUEUE}` });
    await modal.getByLabel('Reason').fill('INC-4711: payments provider down');
    expect(await modal.getByRole('radio', { name: 'Every node (global)' }).isChecked()).toBe(true);
    await f.screenshot('01-pause-modal');
    const pausedAtMs = Date.now();
    await modal.getByRole('button', { name: 'Pause' }).click();
    await page.getByText(`Queue ${QUEUE} paused`).waitFor();
    await modal.waitFor({ state: 'hidden' });

    const lines = await pauseLines();
    expect(lines).toHaveLength(3);
    const [where, reason, by] = lines;
    expect(where).toBe('everywhere');
    expect(reason).toBe('INC-4711: payments provider down');
    expectPausedBy(by, pausedAtMs);
    await row.getByRole('button', { name: 'Resume' }).waitFor();

    // Ticks keep being produced; neither node takes them while the queue is paused.
    await f.clickUntil(
      'Refresh',
      async () => Number(await cell('Paused')) >= 1,
      'a first paused job',
    );
    const completedWhilePaused = await cell('Completed');
    await f.clickUntil(
      'Refresh',
      async () => Number(await cell('Paused')) >= 3,
      'three paused jobs',
    );
    expect(await cell('Completed')).toBe(completedWhilePaused);
    expect(await cell('Active')).toBe('0');

    // What the page shows after a reload comes from Redis, not from what this page remembers.
    await page.reload();
    await row.waitFor();
    expect(await pauseLines()).toEqual(['everywhere', reason, by]);
    await row.getByText(reason!, { exact: true }).scrollIntoViewIfNeeded();
    await f.screenshot('02-paused-after-reload');

    await row.getByRole('button', { name: 'Resume' }).click();
    await page.getByText(`Queue ${QUEUE} resumed`).waitFor();
    await f.clickUntil(
      'Refresh',
      async () =>
        (await cell('Paused')) === '0' &&
        Number(await cell('Completed')) >= Number(completedWhilePaused) + 3,
      'the paused jobs completed after the resume',
    );
    expect(await pauseLines()).toEqual([]);
    await row.getByRole('button', { name: 'Pause' }).waitFor();
    await f.screenshot('03-resumed');

    expect(f.browser.pageErrors).toEqual([]);
  });

  it("pauses only the console's node for 30 minutes, shown from its heartbeat with who, why and until when, while the second node keeps working", async () => {
    const { page } = f;
    await f.open('queues');
    const { row, cell, pauseLines } = queueRow();
    await row.getByRole('button', { name: 'Pause' }).click();
    const modal = page.getByRole('dialog', { name: `Pause ${QUEUE}` });
    await modal.getByLabel('Reason').fill('draining this console');
    await modal.getByRole('radio', { name: 'Only this console’s node (local)' }).check();
    await modal.getByLabel('Resume by itself after (minutes)').fill('30');
    // The node keeps the timer: the modal says the pause also ends when the node stops.
    await modal.getByText('A local pause also ends when this node stops').waitFor();
    const pausedAtMs = Date.now();
    await modal.getByRole('button', { name: 'Pause' }).click();
    await page.getByText(`Queue ${QUEUE} paused`).waitFor();

    // The console's node reports its local pause in its heartbeat, which the page reads.
    await f.clickUntil(
      'Refresh',
      async () => (await pauseLines())[0] === `on ${f.serve.nodeId}`,
      'the local pause in the heartbeat',
    );
    const lines = await pauseLines();
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe('draining this console');
    expectPausedBy(lines[2], pausedAtMs);
    const resumeAt = /^resumes by itself at (.+)$/.exec(lines[3] ?? '');
    const resumeAtMs = parseConsoleTime(resumeAt?.[1] ?? '');
    expect(resumeAtMs).toBeGreaterThanOrEqual(Math.floor(pausedAtMs / 1_000) * 1_000 + 1_800_000);
    expect(resumeAtMs).toBeLessThanOrEqual(Date.now() + 1_800_000);
    // Paused on one node only: the row still offers a global Pause, not a global Resume.
    expect(await row.getByRole('button', { name: 'Resume', exact: true }).count()).toBe(0);
    await row.getByRole('button', { name: 'Pause', exact: true }).waitFor();
    const nodes = await f.api.value('nodes.list', {});
    expect(nodes.find((n) => n.id === f.serve.nodeId)?.pausedQueues).toEqual([QUEUE]);
    expect(nodes.find((n) => n.id === second.nodeId)?.pausedQueues ?? []).toEqual([]);

    const completed = Number(await cell('Completed'));
    await f.clickUntil(
      'Refresh',
      async () => Number(await cell('Completed')) >= completed + 3,
      'the second node completing jobs',
    );
    expect(await cell('Paused')).toBe('0');
    await f.screenshot('04-paused-locally');

    await row.getByRole('button', { name: 'Resume on this node' }).click();
    await page.getByText(`Queue ${QUEUE} resumed`).waitFor();
    await f.clickUntil(
      'Refresh',
      async () => (await pauseLines()).length === 0,
      'the local pause gone',
    );
    await row.getByRole('button', { name: 'Pause' }).waitFor();
    await f.screenshot('05-resumed-locally');

    expect(f.browser.pageErrors).toEqual([]);
  });
});
