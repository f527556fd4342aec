/** How time fields are written: 24-hour ISO in local time, like every time the console shows. */
export const LOCAL_INPUT_FORMAT = 'YYYY-MM-DD HH:mm';

const LOCAL_INPUT = /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d)(?::(\d\d))?$/;

/** Epoch ms as a time field's text: `2026-01-31 09:05` (local time, minutes). */
export function toLocalInput(ms: number): string {
  const date = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    ` ${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}

/**
 * A time field's text as epoch ms: `YYYY-MM-DD HH:mm`, seconds optional, `T` accepted in
 * place of the space; NaN for anything else or a date that does not exist (2026-02-30).
 */
export function fromLocalInput(value: string): number {
  const match = LOCAL_INPUT.exec(value.trim());
  if (!match) return Number.NaN;
  const [y, mo, d, h, mi, s] = match.slice(1).map((part) => Number(part ?? 0)) as number[];
  const date = new Date(y!, mo! - 1, d!, h!, mi!, s!);

  return date.getMonth() === mo! - 1 && date.getDate() === d && h! < 24 && mi! < 60
    ? date.getTime()
    : Number.NaN;
}
