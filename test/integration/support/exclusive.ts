import { randomBytes } from 'node:crypto';
import { open, readFile, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isPidAlive } from '../../../main/connection/sandbox.js';

/**
 * A machine-wide lock, so that the integration files that spawn several node processes run one
 * at a time even though vitest runs files on two workers: on two cores, two such files at once
 * starve each other's heartbeats and Bull lock renewals. A lock whose holder died is taken over.
 * Resolves to the release function.
 */
export async function acquireExclusive(
  name: string,
  timeoutMs = 240_000,
): Promise<() => Promise<void>> {
  const file = join(tmpdir(), `dipper-test-${name}.lock`);
  const token = `${process.pid} ${randomBytes(6).toString('hex')}`;
  const deadline = Date.now() + timeoutMs;

  while (Date.now() < deadline) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(token);
      await handle.close();

      return async () => {
        const holder = await readFile(file, 'utf8').catch(() => '');
        if (holder === token) await unlink(file).catch(() => undefined);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }

    const holder = await readFile(file, 'utf8').catch(() => '');
    const pid = Number(holder.split(' ')[0]);
    // An empty file is a holder between open and write; only a dead pid is stale.
    if (holder !== '' && Number.isInteger(pid) && !isPidAlive(pid)) {
      await unlink(file).catch(() => undefined);
      continue;
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  throw new Error(`lock ${file} still held after ${timeoutMs} ms (holder: pid and token inside)`);
}
