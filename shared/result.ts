/** Failure codes shared by every service, the CLI and the console. */
export type ErrorCode =
  | 'BAD_REQUEST'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'REDIS_UNAVAILABLE'
  | 'TIMEOUT'
  | 'FORBIDDEN'
  | 'INTERNAL';

/** An expected failure: a code and a message that says what was expected and what was given. */
export interface Failure {
  ok: false;
  code: ErrorCode;
  message: string;
  /** Per-field problems, each with a dotted path into the request. */
  issues?: { path: string; message: string }[];
}

/** The value every service returns instead of throwing for expected failures. */
export type Result<T> = { ok: true; value: T } | Failure;

/** Wraps a value as a success. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** Builds a failure with a code and message. */
export function fail(code: ErrorCode, message: string, issues?: Failure['issues']): Failure {
  return issues ? { ok: false, code, message, issues } : { ok: false, code, message };
}
