import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consoleToken } from '../../../main/console/token.js';

describe('consoleToken', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dipper-token-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('makes a random 32-character token on first use, readable by its owner only', async () => {
    const token = await consoleToken(dir);

    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await readFile(join(dir, 'console-token'), 'utf8')).toBe(`${token}\n`);
    expect((await stat(join(dir, 'console-token'))).mode & 0o777).toBe(0o600);
  });

  it('keeps the token across restarts, so open pages keep working', async () => {
    const first = await consoleToken(dir);

    expect(await consoleToken(dir)).toBe(first);
  });

  it('makes and keeps a new token when asked to rotate', async () => {
    const first = await consoleToken(dir);
    const rotated = await consoleToken(dir, true);

    expect(rotated).not.toBe(first);
    expect(await consoleToken(dir)).toBe(rotated);
  });

  it('replaces a stored token that is not one it would make', async () => {
    await writeFile(join(dir, 'console-token'), 'short\n');

    const token = await consoleToken(dir);

    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });
});
