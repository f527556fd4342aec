import type { ScheduleStore } from '../scheduler/schedule-store.js';
import type { ScheduleInput } from '../../shared/schedule.js';

/** The schedules `dipper node --demo` creates when missing, so a new user sees ticks at once. */
export const DEMO_SCHEDULES: ScheduleInput[] = [
  {
    id: 'demo-heartbeat',
    name: 'Demo: echo every 5 seconds',
    cron: '*/5 * * * * *',
    tz: 'UTC',
    queue: 'demo',
    job: 'echo',
    data: { message: 'hello from dipper' },
    options: {
      attempts: 3,
      backoff: { type: 'fixed', delayMs: 1_000 },
      keepCompleted: 50,
      keepFailed: 100,
    },
  },
];

/** Creates each demo schedule that does not exist yet; edits made by the user are kept. */
export async function ensureDemoSchedules(store: ScheduleStore): Promise<string[]> {
  const created: string[] = [];
  for (const demo of DEMO_SCHEDULES) {
    if (await store.get(demo.id as string)) continue;
    const saved = await store.save(demo, 'create');
    if (saved.ok) created.push(saved.value.id);
  }

  return created;
}
