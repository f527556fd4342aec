import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

// Nothing listens here: a command that connected would fail with REDIS_UNAVAILABLE instead.
const NO_REDIS = ['--redis', 'redis://127.0.0.1:1', '--prefix', 'never'];
const FROM = '2026-05-01T10:00:00Z';
const TO = '2026-05-01T09:00:00Z';
const AFTER =
  '--from 2026-05-01T10:00:00.000Z is after --to 2026-05-01T09:00:00.000Z; expected a window that starts first';

describe('dipper time windows and silence times', () => {
  describe('when --from is after --to', () => {
    it('refuses the history query naming both flags, before connecting', async () => {
      const run = await runCli('alerts', '--history', '--from', FROM, '--to', TO, ...NO_REDIS);

      expect(run).toEqual({ code: 2, stdout: '', stderr: `dipper: BAD_REQUEST: ${AFTER}\n` });
    });

    it('refuses a replay and a capture the same way', async () => {
      const replay = await runCli(
        'rules',
        'replay',
        'cpu',
        '--from',
        FROM,
        '--to',
        TO,
        ...NO_REDIS,
      );
      const capture = await runCli(
        'record',
        'capture',
        '--set',
        'cpu',
        '--source',
        'prom',
        '--from',
        FROM,
        '--to',
        TO,
        ...NO_REDIS,
      );

      expect(replay.stderr).toBe(`dipper: BAD_REQUEST: ${AFTER}\n`);
      expect(capture.stderr).toBe(`dipper: BAD_REQUEST: ${AFTER}\n`);
      expect([replay.code, capture.code]).toEqual([2, 2]);
    });

    it('says when the end is the default now', async () => {
      const run = await runCli('alerts', '--history', '--from', '+1h', '--json', ...NO_REDIS);

      expect(run.code).toBe(2);
      expect(JSON.parse(run.stderr)).toMatchObject({ error: { code: 'BAD_REQUEST' } });
      expect(run.stderr).toContain(', the default --to); expected a window that starts first');
    });
  });

  it('refuses a capture with more points than a range query takes, naming a step that fits', async () => {
    const run = await runCli(
      'record',
      'capture',
      '--set',
      'cpu',
      '--source',
      'prom',
      '--from',
      '2026-04-01T00:00:00Z',
      '--to',
      '2026-05-01T00:00:00Z',
      '--step',
      '1m',
      ...NO_REDIS,
    );

    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'dipper: BAD_REQUEST: --from 2026-04-01T00:00:00.000Z to 2026-05-01T00:00:00.000Z every 1m ' +
        'is 43201 points; a capture takes at most 11000: give --step 4m or more, or a shorter range\n',
    });
  });

  describe('when a silence would end before it starts', () => {
    it('names --until and --start with their times', async () => {
      const run = await runCli(
        'silences',
        'add',
        '--matcher',
        'app=web',
        '--start',
        FROM,
        '--until',
        TO,
        ...NO_REDIS,
      );

      expect(run).toEqual({
        code: 2,
        stdout: '',
        stderr:
          'dipper: BAD_REQUEST: --until 2026-05-01T09:00:00.000Z is not after --start ' +
          '(2026-05-01T10:00:00.000Z); a silence must end after it starts\n',
      });
    });
  });

  it('names the flag of a wrong silence field', async () => {
    const run = await runCli(
      'silences',
      'add',
      '--matcher',
      'app=web',
      '--duration',
      '1h',
      '--id',
      'Deploy Web',
      ...NO_REDIS,
    );

    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'dipper: BAD_REQUEST: invalid silence: --id: silence id must be 1-64 of a-z 0-9 _ - and ' +
        'start with a letter or digit\n',
    });
  });

  it('refuses a zero duration as no time at all', async () => {
    const run = await runCli(
      'silences',
      'add',
      '--matcher',
      'a=b',
      '--duration',
      '0s',
      ...NO_REDIS,
    );

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`"0s" is no time at all; expected more than 0.`);
  });
});
