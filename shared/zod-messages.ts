import { z } from 'zod';

/** Ids of schedules, Rules, sources, channels, routes and silences: 1-64 of a-z 0-9 _ -. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
/** Prometheus-style label names. */
export const LABEL_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
/** RFC 9110 header field names. */
export const HEADER_NAME_PATTERN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Header values without line breaks (no header injection). */
export const HEADER_VALUE_PATTERN = /^[^\r\n\0]*$/;

/**
 * Quotes untrusted input for a message, cut to a readable length; a missing value reads as
 * `nothing`, so `got nothing` rather than `got "undefined"`.
 */
export function quote(text: unknown): string {
  if (text === undefined) return 'nothing';

  const value = typeof text === 'string' ? text : (JSON.stringify(text) ?? String(text));
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}...` : value);
}

/** `"a", "b", "c"` for messages that list the accepted values. */
export function listed(values: readonly string[]): string {
  return values.map((v) => `"${v}"`).join(', ');
}

/** Strict-object options whose message for unknown keys lists the accepted keys. */
export function onlyKeys(shape: object): z.core.$ZodObjectParams {
  const known = Object.keys(shape).join(', ');
  return {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown key ${issue.keys.map(quote).join(', ')}; expected only ${known}`
        : undefined,
  };
}

/** A strict object that names the accepted keys when it meets an unknown one. */
export function strictShape<T extends z.core.$ZodLooseShape>(shape: T) {
  return z.strictObject(shape, onlyKeys(shape));
}

/** An enum whose message names the field, the accepted values and what was given. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T, field: string) {
  return z.enum(values, {
    error: (issue) => `${field} must be one of ${listed(values)}; got ${quote(issue.input)}`,
  });
}
