import { validateTimeZone } from './time-zone.js';

const SECOND_MS = 1_000;
const DAY_MS = 86_400_000;

/** A change of a zone's UTC offset: at `atMs` (epoch ms) the offset goes from before to after. */
export interface OffsetChange {
  atMs: number;
  beforeMs: number;
  afterMs: number;
}

interface YearTable {
  startMs: number;
  endMs: number;
  /** Offset in force at the start of the year, before any change in `changes`. */
  firstOffsetMs: number;
  changes: OffsetChange[];
}

/**
 * UTC offsets of one IANA zone, read from Intl once per UTC year and then looked up without
 * calling Intl again. Offsets are in ms and added to UTC to get wall-clock time.
 */
export class ZoneOffsets {
  readonly #format: Intl.DateTimeFormat;
  readonly #years = new Map<number, YearTable>();
  #recent: YearTable | undefined;

  constructor(timeZone: string) {
    this.#format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** The offset in force at `ms`. */
  offsetAt(ms: number): number {
    const table = this.#tableFor(ms);
    let offset = table.firstOffsetMs;
    for (const change of table.changes) {
      if (change.atMs > ms) break;
      offset = change.afterMs;
    }
    return offset;
  }

  /** The first change after `ms`, or the next UTC new year when the year has none left. */
  nextBoundary(ms: number): number {
    const table = this.#tableFor(ms);
    return table.changes.find((change) => change.atMs > ms)?.atMs ?? table.endMs;
  }

  /** The last change at or before `ms`, looking back into the previous UTC year too. */
  lastChange(ms: number): OffsetChange | undefined {
    const table = this.#tableFor(ms);
    const earlier = table.changes.filter((change) => change.atMs <= ms);
    if (earlier.length > 0) return earlier[earlier.length - 1];

    const previous = this.#tableFor(table.startMs - 1).changes;
    return previous[previous.length - 1];
  }

  #tableFor(ms: number): YearTable {
    const recent = this.#recent;
    if (recent && ms >= recent.startMs && ms < recent.endMs) return recent;

    const year = new Date(ms).getUTCFullYear();
    let table = this.#years.get(year);
    if (!table) {
      table = this.#measureYear(year);
      this.#years.set(year, table);
    }
    this.#recent = table;
    return table;
  }

  // Samples once a day and bisects to the second where the offset differs. Two changes within one
  // day that cancel out would be missed; real zones change a few times a year at most.
  #measureYear(year: number): YearTable {
    const startMs = Date.UTC(year, 0, 1);
    const endMs = Date.UTC(year + 1, 0, 1);
    const firstOffsetMs = this.#measure(startMs - SECOND_MS);
    const changes: OffsetChange[] = [];

    let previousMs = startMs - SECOND_MS;
    let previousOffset = firstOffsetMs;
    for (let sampleMs = startMs; previousMs < endMs - SECOND_MS; sampleMs += DAY_MS) {
      const ms = Math.min(sampleMs, endMs - SECOND_MS);
      const offset = this.#measure(ms);
      while (offset !== previousOffset) {
        const atMs = this.#bisect(previousMs, ms, previousOffset);
        const afterMs = this.#measure(atMs);
        changes.push({ atMs, beforeMs: previousOffset, afterMs });
        [previousMs, previousOffset] = [atMs, afterMs];
      }
      previousMs = ms;
    }

    return { startMs, endMs, firstOffsetMs, changes };
  }

  /** The first whole second in (fromMs, toMs] whose offset is not `offsetMs`. */
  #bisect(fromMs: number, toMs: number, offsetMs: number): number {
    let [low, high] = [fromMs, toMs];
    while (high - low > SECOND_MS) {
      const middle = low + Math.floor((high - low) / 2 / SECOND_MS) * SECOND_MS;
      if (this.#measure(middle) === offsetMs) low = middle;
      else high = middle;
    }
    return high;
  }

  #measure(ms: number): number {
    const wall: Record<string, number> = {};
    for (const part of this.#format.formatToParts(ms)) wall[part.type] = Number(part.value);

    const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = wall;
    return Date.UTC(year, month - 1, day, hour, minute, second) - ms;
  }
}

const zones = new Map<string, ZoneOffsets>();

/**
 * The shared offset table of `timeZone`; it grows by one small entry per UTC year used. Throws
 * the validation message for a zone that validateTimeZone rejects.
 */
export function zoneOffsets(timeZone: string): ZoneOffsets {
  let zone = zones.get(timeZone);
  if (!zone) {
    const problem = validateTimeZone(timeZone);
    if (problem) throw new Error(problem);

    zone = new ZoneOffsets(timeZone);
    zones.set(timeZone, zone);
  }
  return zone;
}
