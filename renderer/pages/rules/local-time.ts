/** Epoch ms as the value of a `datetime-local` input (local time, minutes). */
export function toLocalInput(ms: number): string {
  const date = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}

/** A `datetime-local` value as epoch ms; NaN when empty or malformed. */
export function fromLocalInput(value: string): number {
  return value === '' ? Number.NaN : new Date(value).getTime();
}
