import type { z } from 'zod';
import { fail, ok, type Result } from './result.js';

/** Parses `input` with `schema`; a failure lists every problem with its path. */
export function parseWith<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string,
): Result<z.infer<S>> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return ok(parsed.data);

  const issues = parsed.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');

  return fail('BAD_REQUEST', `invalid ${what}: ${summary}`, issues);
}
