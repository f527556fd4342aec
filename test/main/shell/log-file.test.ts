import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../main/log/logger.js';
import { logToRotatingFile } from '../../../main/shell/log-file.js';
import { waitFor } from '../../harness/wait.js';

describe('the desktop log file', () => {
  let dir = '';

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('receives every scoped logger of the process as JSON lines', async () => {
    dir = await mkdtemp(join(tmpdir(), 'dipper-logs-'));
    const file = logToRotatingFile(dir, false);

    createLogger('shell').child('tray').warn('tray icon missing', { platform: 'linux' });

    const text = await waitFor(async () => {
      const content = await readFile(join(dir, 'dipper.log'), 'utf8').catch(() => '');
      return content.includes('tray icon missing') ? content : '';
    }, 'the line in dipper.log');
    const line = JSON.parse(text.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(line).toMatchObject({
      level: 40,
      scope: 'shell.tray',
      platform: 'linux',
      msg: 'tray icon missing',
    });
    await new Promise((resolve) => file.end(resolve));
  });
});
