import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis, uniquePrefix, type TestRedis } from '../../harness/redis.js';
import { connectionArgs, runCli } from './run-cli.js';

describe('dipper files named on the command line', () => {
  let redis: TestRedis;
  let conn: string[];
  let dir: string;

  beforeAll(async () => {
    redis = await startTestRedis({ appendOnly: false });
    conn = connectionArgs(redis.url, uniquePrefix('cli-files'));
    dir = await mkdtemp(join(tmpdir(), 'dipper-cli-files-'));
  });

  afterAll(async () => {
    await redis.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses an export into a missing folder as bad usage, naming the folder', async () => {
    const file = join(dir, 'nowhere', 'alerting.yaml');

    const run = await runCli('export', '-o', file, ...conn);

    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: `dipper: BAD_REQUEST: cannot write ${file}: folder ${join(dir, 'nowhere')} does not exist\n`,
    });
  });

  it('refuses an export onto a folder', async () => {
    const run = await runCli('export', '-o', dir, '--json', ...conn);

    expect(run.code).toBe(2);
    expect(JSON.parse(run.stderr)).toEqual({
      error: {
        ok: false,
        code: 'BAD_REQUEST',
        message: `cannot write ${dir}: it is a folder; expected a file`,
      },
    });
  });

  it('makes an existing file private before writing secrets into it', async () => {
    const file = join(dir, 'secrets.yaml');
    await writeFile(file, 'old\n', { mode: 0o644 });

    const run = await runCli('export', '-o', file, '--include-secrets', ...conn);

    expect(run.code).toBe(0);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('says a file to apply or import does not exist', async () => {
    const missing = join(dir, 'missing.yaml');

    const apply = await runCli('apply', '-f', missing, ...conn);
    const imported = await runCli('record', 'import', missing, '--set', 'cpu', ...conn);

    const stderr = `dipper: BAD_REQUEST: cannot read ${missing}: it does not exist\n`;
    expect(apply).toEqual({ code: 2, stdout: '', stderr });
    expect(imported).toEqual({ code: 2, stdout: '', stderr });
  });
});
