import type Bull from 'bull';
import { expect } from 'vitest';
import type { ScheduleInput } from '../../../shared/schedule.js';
import { waitFor } from '../../harness/wait.js';
import type { Observer } from './observer.js';
import { countProduced, readScheduleFacts, waitForDrain, type ScheduleFacts } from './ticks.js';

/** A schedule the test creates, with how many produced ticks end its run window. */
export interface WindowSchedule {
  id: string;
  cron: string;
  queue: string;
  data: Record<string, unknown>;
  minTicks: number;
}

export interface TickWindow {
  /** Just before the first schedule was saved, epoch ms. */
  createdMs: number;
  /** Just before the first schedule was disabled, epoch ms. */
  disabledMs: number;
  facts: Map<string, ScheduleFacts>;
  failedJobs: Bull.Job[];
}

/** Completed jobs kept per queue: every job of a test window stays readable. */
const KEEP_COMPLETED = 10_000;

/**
 * Creates the schedules, lets them tick until each has produced `minTicks` ticks, disables them,
 * waits for the queues to drain, and reads back ledger and Bull state.
 */
export async function runTickWindow(
  observer: Observer,
  schedules: readonly WindowSchedule[],
  windowTimeoutMs: number,
): Promise<TickWindow> {
  const createdMs = Date.now();
  for (const s of schedules) {
    const input: ScheduleInput = {
      id: s.id,
      name: s.id,
      cron: s.cron,
      queue: s.queue,
      job: 'echo',
      data: s.data,
      options: { keepCompleted: KEEP_COMPLETED },
    };
    const saved = await observer.store.save(input, 'create');
    expect(saved.ok).toBe(true);
  }

  await waitFor(
    async () => {
      const counts = await Promise.all(schedules.map((s) => countProduced(observer, s.id)));
      return counts.every((n, i) => n >= (schedules[i]?.minTicks ?? 0));
    },
    'every schedule to reach its tick count',
    windowTimeoutMs,
    500,
  );

  const disabledMs = Date.now();
  for (const s of schedules) {
    const updated = await observer.store.update(s.id, { enabled: false });
    expect(updated.ok).toBe(true);
  }
  const queueNames = [...new Set(schedules.map((s) => s.queue))];
  // A node that missed the change message stops producing within the heal interval (2 s).
  await waitForDrain(
    observer,
    queueNames,
    schedules.map((s) => s.id),
    Date.now() + 2_500,
  );

  const completed: Bull.Job[] = [];
  const failedJobs: Bull.Job[] = [];
  for (const name of queueNames) {
    completed.push(...(await observer.queue(name).getCompleted(0, -1)));
    failedJobs.push(...(await observer.queue(name).getFailed(0, -1)));
  }
  const facts = new Map<string, ScheduleFacts>();
  for (const s of schedules) facts.set(s.id, await readScheduleFacts(observer, s, completed));

  return { createdMs, disabledMs, facts, failedJobs };
}

/**
 * Asserts the exactly-once contract for one schedule of a window: every fire time from the first
 * to the last produced tick has one `produced` event, one completed Bull job whose return value
 * is the payload, and one `completed` event; nothing missed or duplicated; and the window covers
 * the schedule's life from creation to disabling.
 */
export function expectEveryTickOnce(window: TickWindow, s: WindowSchedule): ScheduleFacts {
  const facts = window.facts.get(s.id);
  if (!facts) throw new Error(`no facts for schedule ${s.id}`);
  const { expectedTicks } = facts;

  expect(expectedTicks.length).toBeGreaterThanOrEqual(s.minTicks);
  // The first tick is the first fire time after creation: none earlier, none lost at the start.
  expect(expectedTicks[0]).toBeGreaterThan(window.createdMs);
  expect(expectedTicks[0]).toBeLessThanOrEqual(window.createdMs + 3_000);
  expect(expectedTicks.at(-1)).toBeLessThanOrEqual(window.disabledMs + 1_000);

  expect(facts.producedTicks).toEqual(expectedTicks);
  expect(facts.completedJobs.map((j) => j.fireMs)).toEqual(expectedTicks);
  expect(facts.completedEventTicks).toEqual(expectedTicks);
  expect(facts.report.missed).toBe(0);
  expect(facts.report.duplicated).toBe(0);
  expect(new Set(facts.report.ticks.map((t) => t.outcome))).toEqual(new Set(['completed']));
  for (const job of facts.completedJobs) {
    expect(job.id).toBe(`tick.${s.id}.${job.fireMs}`);
    expect(job.data).toEqual(s.data);
    expect(job.returnvalue).toEqual(s.data);
  }

  return facts;
}
