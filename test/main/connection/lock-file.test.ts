import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withLockFile } from '../../../main/connection/lock-file.js';

describe('withLockFile', () => {
  let dir = '';

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dipper-lock-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs concurrent holders one after another', async () => {
    const lock = join(dir, 'x.lock');
    const events: string[] = [];
    const hold = (id: string) =>
      withLockFile(lock, async () => {
        events.push(`${id} in`);
        await new Promise((resolve) => setTimeout(resolve, 30));
        events.push(`${id} out`);
        return id;
      });

    const results = await Promise.all([hold('a'), hold('b'), hold('c')]);

    expect(results.map((r) => r.ok)).toEqual([true, true, true]);
    for (let i = 0; i < events.length; i += 2) {
      expect(events[i]?.replace(' in', '')).toBe(events[i + 1]?.replace(' out', ''));
    }
  });

  describe('when a crashed process left its lock behind', () => {
    it('removes a lock older than the stale limit and proceeds', async () => {
      const lock = join(dir, 'x.lock');
      await writeFile(lock, '999999\n');
      const old = new Date(Date.now() - 11_000);
      await utimes(lock, old, old);

      const result = await withLockFile(lock, async () => 'ran', { waitMs: 2_000 });

      expect(result).toEqual({ ok: true, value: 'ran' });
    });
  });

  describe('when a live holder keeps the lock', () => {
    it('gives up with TIMEOUT after the wait', async () => {
      const lock = join(dir, 'x.lock');
      await writeFile(lock, '1\n');

      const result = await withLockFile(lock, async () => 'ran', { waitMs: 200 });

      expect(result).toMatchObject({ ok: false, code: 'TIMEOUT' });
    });
  });
});
