import { fail, ok, type ErrorCode, type Result } from '../../shared/result.js';

/** Default deadline for anything a person is waiting on, in ms. */
export const DEFAULT_DEADLINE_MS = 5_000;

/**
 * Runs `work` with a deadline. ioredis holds commands in its offline queue while Redis is
 * down, so without this a call would hang until Redis is back.
 */
export async function withDeadline<T>(
  work: Promise<T>,
  what: string,
  deadlineMs = DEFAULT_DEADLINE_MS,
  code: ErrorCode = 'REDIS_UNAVAILABLE',
): Promise<Result<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Result<T>>((resolve) => {
    timer = setTimeout(
      () =>
        resolve(fail(code, `${what} did not finish within ${deadlineMs} ms; is Redis reachable?`)),
      deadlineMs,
    );
  });

  try {
    return await Promise.race([work.then((value) => ok(value)), timeout]);
  } catch (error) {
    return fail(code, `${what} failed: ${(error as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}
