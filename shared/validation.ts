import type { z } from 'zod';
import { fail, ok, type Result } from './result.js';
import { quote } from './zod-messages.js';

function withArticle(type: string): string {
  if (type === 'array') return 'a list';
  if (type === 'record') return 'a map of names to values';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/**
 * Words for what a schema leaves to zod's defaults ("Invalid input: expected object, received
 * undefined"): a missing field, or a value of the wrong type with what was expected and given.
 * Messages a schema sets itself take precedence.
 */
export const plainErrors: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === 'invalid_value') {
    const values = issue.values
      .map((v) => (typeof v === 'bigint' ? String(v) : JSON.stringify(v)))
      .join(', ');
    return `expected ${issue.values.length === 1 ? values : `one of ${values}`}; got ${quote(issue.input)}`;
  }
  if (issue.code !== 'invalid_type') return undefined;

  const expected = withArticle(issue.expected);
  return issue.input === undefined
    ? `missing; expected ${expected}`
    : `expected ${expected}; got ${quote(issue.input)}`;
};

/** Parses `input` with `schema`; a failure lists every problem with its path. */
export function parseWith<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string,
): Result<z.infer<S>> {
  const parsed = schema.safeParse(input, { error: plainErrors });
  if (parsed.success) return ok(parsed.data);

  const issues = parsed.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');

  return fail('BAD_REQUEST', `invalid ${what}: ${summary}`, issues);
}
