import type { z } from 'zod';
import type { Failure } from '../../shared/result.js';
import { parseWith } from '../../shared/validation.js';

/** Problems by dotted field path, as zod and main's Failures give them. */
export type Issues = { path: string; message: string }[];

/** What the schema main saves with says of a draft; empty when it is valid. */
export function schemaIssues(schema: z.ZodType, draft: unknown): Issues {
  const parsed = parseWith(schema, draft, 'draft');
  return parsed.ok ? [] : (parsed.issues ?? []);
}

/**
 * A Failure's field problems with the request's wrapper field (`schedule.`, `rule.`...) taken
 * off, so they land on the same fields as the client-side ones.
 */
export function failureIssues(failure: Failure, wrapper: string): Issues {
  return (failure.issues ?? []).map(({ path, message }) => ({
    path: path.startsWith(`${wrapper}.`) ? path.slice(wrapper.length + 1) : path,
    message,
  }));
}

/** The messages for a field and everything under it, joined; undefined when there are none. */
export function issueAt(issues: Issues, path: string): string | undefined {
  const messages = issues
    .filter((i) => i.path === path || i.path.startsWith(`${path}.`))
    .map((i) => i.message);
  return messages.length > 0 ? [...new Set(messages)].join('; ') : undefined;
}

/** Form.Item props that show a field's problems under it. */
export function fieldStatus(issues: Issues, path: string) {
  const help = issueAt(issues, path);
  return help === undefined ? {} : { validateStatus: 'error' as const, help };
}

/** Problems whose path names none of `paths`: shown above the form so none is lost. */
export function otherIssues(issues: Issues, paths: readonly string[]): Issues {
  return issues.filter((i) => !paths.some((p) => i.path === p || i.path.startsWith(`${p}.`)));
}
