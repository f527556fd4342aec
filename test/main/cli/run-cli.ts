import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import { main } from '../../../main/cli/run.js';

/** What one CLI run printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

// Profiles and the sandbox live in the data folder; tests name Redis with --redis instead.
process.env.DIPPER_HOME ??= mkdtempSync(join(tmpdir(), 'dipper-cli-home-'));

/** Runs `dipper ...args` in this process and captures what it writes to stdout and stderr. */
export async function runCli(...args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const capture = (append: (text: string) => void) => (chunk: unknown) => {
    append(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return true;
  };
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(capture((t) => (stdout += t)));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture((t) => (stderr += t)));

  try {
    const code = await main(['node', 'dipper', ...args]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** The connection options of a test: its redis-server and its own key prefix. */
export function connectionArgs(url: string, prefix: string): string[] {
  return ['--redis', url, '--prefix', prefix];
}
