import type { Failure } from '../../shared/result.js';

/** The flag that sets each field, by the field's dotted path; the longest prefix wins. */
export type FlagsByField = Readonly<Record<string, string>>;

function flagFor(path: string, flags: FlagsByField): string | undefined {
  const parts = path.split('.');
  for (let n = parts.length; n > 0; n--) {
    const flag = flags[parts.slice(0, n).join('.')];
    if (flag !== undefined) return flag;
  }

  return undefined;
}

/**
 * A failure whose per-field problems are about fields the user set with flags, told in the
 * flags' names: `--job: ...` instead of `job: ...`. `what` opens the message (`invalid schedule`);
 * the issues keep their field paths for --json readers. Failures without issues pass unchanged.
 */
export function inFlagTerms(failure: Failure, what: string, flags: FlagsByField): Failure {
  if (!failure.issues || failure.issues.length === 0) return failure;

  const problems = failure.issues.map((issue) => {
    const flag = flagFor(issue.path, flags);
    return flag === undefined ? `${issue.path}: ${issue.message}` : `${flag}: ${issue.message}`;
  });

  return { ...failure, message: `${what}: ${problems.join('; ')}` };
}
