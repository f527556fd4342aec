/** Polls `check` until it returns a truthy value or `timeoutMs` passes; no fixed sleeps. */
export async function waitFor<T>(
  check: () => Promise<T> | T,
  what: string,
  timeoutMs = 20_000,
  pollMs = 100,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;

  while (Date.now() < deadline) {
    last = await check();
    if (last) return last as NonNullable<T>;
    await new Promise((r) => setTimeout(r, pollMs));
  }

  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(last)})`,
  );
}
