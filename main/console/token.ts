import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../connection/atomic-write.js';

/** A fresh access token: 192 random bits, URL-safe. */
export function newConsoleToken(): string {
  return randomBytes(24).toString('base64url');
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{32}$/;

/**
 * The browser console's access token, kept in the data folder (mode 0600, beside the profiles
 * it protects) so that a restarted `dipper serve` keeps answering the pages already open and the
 * URL already bookmarked. `rotate` makes a new one, which locks out every earlier URL.
 */
export async function consoleToken(dataDir: string, rotate = false): Promise<string> {
  const file = join(dataDir, 'console-token');
  if (!rotate) {
    try {
      const stored = (await readFile(file, 'utf8')).trim();
      if (TOKEN_SHAPE.test(stored)) return stored;
    } catch {
      // No token yet: make one below.
    }
  }
  const token = newConsoleToken();
  await writeFileAtomic(file, `${token}\n`, 0o600);
  return token;
}
