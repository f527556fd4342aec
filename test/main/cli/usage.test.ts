import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

describe('dipper usage', () => {
  it('shows help and exits 0 when asked for it', async () => {
    const run = await runCli('rules', '--help');

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: dipper rules');
  });

  it('exits 2 with the usage on stderr when a command group is given no command', async () => {
    const run = await runCli('rules');

    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Usage: dipper rules');
  });
});
