import type { ParsedCron } from './parse.js';

const DAY_MS = 86_400_000;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Finds wall-clock times an expression matches, ignoring time zones: a wall-clock time is written
 * as epoch ms as if the zone were UTC. Built once per expression; lookups allocate nothing.
 */
export class WallClockMatcher {
  /** Per field, index v holds the first allowed value >= v, or -1 when none is left. */
  readonly #seconds: Int8Array;
  readonly #minutes: Int8Array;
  readonly #hours: Int8Array;
  readonly #months: Int8Array;
  readonly #days: Uint8Array;
  readonly #weekdays: Uint8Array;
  readonly #isDayEither: boolean;

  constructor(cron: ParsedCron) {
    const { fields } = cron;

    this.#seconds = nextAllowed(numbers(fields.second.values), 60);
    this.#minutes = nextAllowed(numbers(fields.minute.values), 60);
    this.#hours = nextAllowed(numbers(fields.hour.values), 24);
    this.#months = nextAllowed(numbers(fields.month.values), 13);
    this.#days = flags(numbers(fields.dayOfMonth.values), 32);
    this.#weekdays = flags(
      numbers(fields.dayOfWeek.values).map((day) => day % 7),
      7,
    );
    this.#isDayEither = cron.isDayEither;
  }

  /** First match at or after `wallMs` (whole seconds), or null after `lastYear`. */
  nextAtOrAfter(wallMs: number, lastYear: number): number | null {
    const start = new Date(wallMs);
    let year = start.getUTCFullYear();
    let month = start.getUTCMonth() + 1;
    let day = start.getUTCDate();
    let hour = start.getUTCHours();
    let minute = start.getUTCMinutes();
    let second = start.getUTCSeconds();

    // Each pass fixes the largest unit that does not match and resets the smaller ones.
    while (year <= lastYear) {
      const nextMonth = at(this.#months, month);
      if (nextMonth !== month) {
        [year, month] = nextMonth < 0 ? [year + 1, 1] : [year, nextMonth];
        [day, hour, minute, second] = [1, 0, 0, 0];
        continue;
      }

      if (day > daysIn(year, month)) {
        [year, month] = month === 12 ? [year + 1, 1] : [year, month + 1];
        [day, hour, minute, second] = [1, 0, 0, 0];
        continue;
      }

      const nextHour = this.#isDayMatch(year, month, day) ? at(this.#hours, hour) : -1;
      if (nextHour < 0) {
        [day, hour, minute, second] = [day + 1, 0, 0, 0];
        continue;
      }
      if (nextHour !== hour) [hour, minute, second] = [nextHour, 0, 0];

      const nextMinute = at(this.#minutes, minute);
      if (nextMinute < 0) {
        [hour, minute, second] = [hour + 1, 0, 0];
        if (hour === 24) [day, hour] = [day + 1, 0];
        continue;
      }
      if (nextMinute !== minute) [minute, second] = [nextMinute, 0];

      const nextSecond = at(this.#seconds, second);
      if (nextSecond < 0) {
        [minute, second] = [minute + 1, 0];
        if (minute === 60) [hour, minute] = [hour + 1, 0];
        if (hour === 24) [day, hour] = [day + 1, 0];
        continue;
      }

      return Date.UTC(year, month - 1, day, hour, minute, nextSecond);
    }

    return null;
  }

  #isDayMatch(year: number, month: number, day: number): boolean {
    const weekday = (Math.floor(Date.UTC(year, month - 1, day) / DAY_MS) + 4) % 7;
    const isDay = this.#days[day] === 1;
    const isWeekday = this.#weekdays[weekday < 0 ? weekday + 7 : weekday] === 1;

    // Classic cron: when both fields are restricted either may match; otherwise both must.
    return this.#isDayEither ? isDay || isWeekday : isDay && isWeekday;
  }
}

function at(table: Int8Array, index: number): number {
  return table[index] ?? -1;
}

function daysIn(year: number, month: number): number {
  const isLeap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && isLeap ? 29 : (MONTH_DAYS[month - 1] ?? 31);
}

function numbers(values: readonly (number | string)[]): number[] {
  return values.filter((value): value is number => typeof value === 'number');
}

function nextAllowed(values: number[], size: number): Int8Array {
  const table = new Int8Array(size).fill(-1);
  let next = -1;
  for (let index = size - 1; index >= 0; index -= 1) {
    if (values.includes(index)) next = index;
    table[index] = next;
  }
  return table;
}

function flags(values: number[], size: number): Uint8Array {
  const table = new Uint8Array(size);
  for (const value of values) table[value] = 1;
  return table;
}
