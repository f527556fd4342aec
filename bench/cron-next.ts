// Measures CronCursor.next() for 10,000 compiled schedules, as the producer calls it each tick.
// Run: node --import tsx bench/cron-next.ts
import { CronExpressionParser } from 'cron-parser';
import { compileCron, type CronCursor } from '../shared/cron.js';

const SCHEDULES = 10_000;
const ROUNDS = 20;
const EXPRESSIONS = [
  '*/5 * * * *',
  '0 * * * *',
  '30 2 * * *',
  '0 9 * * MON-FRI',
  '*/30 * * * *',
  '0 0 1 * *',
  '15,45 8-18 * * 1-5',
  '*/10 * * * * *',
  '0 0 29 2 *',
  '@daily',
  '0 12 1,15 * 5',
  '5 4 * JAN,JUL SUN',
];
const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata'];
const START_MS = Date.UTC(2026, 0, 1);
const YEAR_MS = 365 * 86_400_000;

function pick<T>(list: readonly T[], index: number): T {
  const value = list[index % list.length];
  if (value === undefined) throw new Error('empty list');
  return value;
}

function measure(label: string, calls: number, run: () => number): void {
  const startedAt = performance.now();
  const checksum = run();
  const elapsedMs = performance.now() - startedAt;
  const perCallUs = ((elapsedMs * 1_000) / calls).toFixed(2);

  console.log(`${label}: ${perCallUs} us per next() (${calls} calls, checksum ${checksum})`);
}

const compileStartedAt = performance.now();
const cursors: CronCursor[] = Array.from({ length: SCHEDULES }, (_, index) =>
  compileCron(pick(EXPRESSIONS, index), pick(ZONES, index * 7)),
);
const compileUs = ((performance.now() - compileStartedAt) * 1_000) / SCHEDULES;
console.log(`compile: ${compileUs.toFixed(2)} us per schedule (${EXPRESSIONS.length} expressions)`);

/** One call per schedule; `afterMs` picks the instant each schedule is asked about. */
const sweep = (afterMs: (index: number) => number): number => {
  let checksum = 0;
  for (const [index, cursor] of cursors.entries()) {
    checksum += ((cursor.next(afterMs(index)) ?? 0) / 1_000) % 1_000;
  }
  return checksum;
};
/** Spread over 2026 with a prime stride so calls land on every hour, day and month. */
const acrossYear = (index: number, round: number): number =>
  START_MS + (((index + round * SCHEDULES) * 7_919_993) % YEAR_MS);

measure('first sweep, 2026 (builds zone tables)', SCHEDULES, () => sweep((i) => acrossYear(i, 0)));
measure(`producer ticks: ${ROUNDS} sweeps, one second apart`, SCHEDULES * ROUNDS, () => {
  let checksum = 0;
  for (let round = 1; round <= ROUNDS; round += 1) {
    checksum += sweep((index) => START_MS + 40 * 86_400_000 + round * 1_000 + (index % 60) * 1_000);
  }
  return checksum;
});
measure(`spread over 2026: ${ROUNDS} sweeps`, SCHEDULES * ROUNDS, () => {
  let checksum = 0;
  for (let round = 1; round <= ROUNDS; round += 1) checksum += sweep((i) => acrossYear(i, round));
  return checksum;
});

// For comparison: cron-parser's own iterator, re-aimed with reset() for each call.
const iterators = EXPRESSIONS.map((expression, index) =>
  CronExpressionParser.parse(expression, { tz: pick(ZONES, index * 7) }),
);
measure('cron-parser reset() + next(), for comparison', 1_000, () => {
  let checksum = 0;
  for (let index = 0; index < 1_000; index += 1) {
    const iterator = pick(iterators, index);
    iterator.reset(new Date(acrossYear(index, 0)));
    checksum += (iterator.next().getTime() / 1_000) % 1_000;
  }
  return checksum;
});
