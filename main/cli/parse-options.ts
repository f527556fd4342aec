import { InvalidArgumentError } from 'commander';

/** Commander parser for a whole number within [min, max], with a message naming the range. */
export function intIn(min: number, max: number) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!/^-?\d+$/.test(raw.trim()) || value < min || value > max) {
      throw new InvalidArgumentError(`"${raw}" is not a whole number from ${min} to ${max}.`);
    }
    return value;
  };
}

/** Commander parser for a JSON value. */
export function jsonValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch (error) {
    throw new InvalidArgumentError(`not valid JSON (${(error as Error).message}).`);
  }
}

/** Commander parser for `fixed:1000` or `exponential:500` (delay in ms). */
export function backoffValue(raw: string): { type: 'fixed' | 'exponential'; delayMs: number } {
  const match = /^(fixed|exponential):(\d{1,8})$/.exec(raw.trim());
  if (!match?.[1] || !match[2]) {
    throw new InvalidArgumentError(
      `"${raw}" is not TYPE:MS; expected fixed:1000 or exponential:500.`,
    );
  }

  return { type: match[1] as 'fixed' | 'exponential', delayMs: Number(match[2]) };
}

/** Commander parser for a comma-separated list of names. */
export function nameList(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
