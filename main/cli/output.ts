import type { Failure } from '../../shared/result.js';

/** Exit codes: success, a failure, and bad usage (unknown flag, bad value). */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** Thrown by commands to end with a failure; the entry point prints it and exits. */
export class CliFailure extends Error {
  constructor(
    readonly failure: Failure,
    readonly exitCode: number = failure.code === 'BAD_REQUEST' ? EXIT_USAGE : EXIT_FAILURE,
  ) {
    super(failure.message);
  }
}

/** Prints a failure on stderr: the message, then each field problem on its own line. */
export function printFailure(failure: Failure, json: boolean): void {
  if (json) {
    process.stderr.write(`${JSON.stringify({ error: failure })}\n`);
    return;
  }
  process.stderr.write(`dipper: ${failure.code}: ${failure.message}\n`);
}

/** Prints rows as aligned columns, or as JSON. */
export function printRows<T>(
  rows: T[],
  columns: { header: string; value: (row: T) => string }[],
  json: boolean,
  jsonValue: unknown = rows,
): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(jsonValue, null, 2)}\n`);
    return;
  }
  if (rows.length === 0) {
    process.stdout.write('(none)\n');
    return;
  }

  const cells = rows.map((row) => columns.map((c) => c.value(row)));
  const widths = columns.map((c, i) =>
    Math.max(c.header.length, ...cells.map((r) => (r[i] ?? '').length)),
  );
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const out = [line(columns.map((c) => c.header)), ...cells.map(line)];
  process.stdout.write(`${out.join('\n')}\n`);
}

/** Prints one value: JSON, or `text` for people. */
export function printValue(value: unknown, json: boolean, text: string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);
}

/**
 * The first line of untrusted text (a job's error), cut to at most `max` characters, with
 * control characters such as terminal escapes replaced, for a table cell.
 */
export function shorten(text: string, max: number): string {
  const whole = text.trim();
  // eslint-disable-next-line no-control-regex
  const line = (whole.split('\n')[0] ?? '').replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  if (line.length > max) return `${line.slice(0, max - 3)}...`;

  return whole.includes('\n') ? `${line.slice(0, max - 4)} ...` : line;
}

/** Epoch ms as an ISO string, for tables. */
export function iso(ms: number | null | undefined): string {
  return ms === null || ms === undefined || !Number.isFinite(ms) ? '-' : new Date(ms).toISOString();
}
