import { open, rm, stat, utimes } from 'node:fs/promises';
import { fail, ok, type Result } from '../../shared/result.js';

export interface LockFileOptions {
  /** A lock file not touched for this long belongs to a dead process and is removed, in ms. */
  staleMs?: number;
  /** How long to wait for another holder before giving up, in ms. */
  waitMs?: number;
}

const POLL_MS = 50;

async function tryCreate(path: string): Promise<boolean> {
  try {
    const handle = await open(path, 'wx', 0o600);
    await handle.writeFile(`${process.pid}\n`);
    await handle.close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

async function removeIfStale(path: string, staleMs: number): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (info === undefined || Date.now() - info.mtimeMs <= staleMs) return;

  // Two waiters can both judge the same lock stale; the second one's rm can then remove the
  // first one's fresh lock. The window is one stat+rm long and only opens after a crash.
  await rm(path, { force: true });
}

/**
 * Runs `work` while holding an exclusive lock file (created with `open(path, 'wx')`), so that
 * processes on one machine take turns. The holder touches the file while `work` runs, so a
 * long `work` is not mistaken for a crashed holder.
 */
export async function withLockFile<T>(
  path: string,
  work: () => Promise<T>,
  options: LockFileOptions = {},
): Promise<Result<T>> {
  const staleMs = options.staleMs ?? 10_000;
  const waitMs = options.waitMs ?? 30_000;
  const giveUpAt = Date.now() + waitMs;

  while (!(await tryCreate(path))) {
    if (Date.now() > giveUpAt) {
      return fail('TIMEOUT', `lock file ${path} is still held after ${waitMs} ms`);
    }
    await removeIfStale(path, staleMs);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }

  const heartbeat = setInterval(() => {
    const now = new Date();
    utimes(path, now, now).catch(() => undefined);
  }, staleMs / 4);
  heartbeat.unref();

  try {
    return ok(await work());
  } finally {
    clearInterval(heartbeat);
    await rm(path, { force: true });
  }
}
