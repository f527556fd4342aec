import { execFile } from 'node:child_process';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { SCREENSHOT_DIR } from '../harness/browser.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BUILT = join(ROOT, 'dist', 'renderer', 'index.html');
/** What the console bundle is built from. */
const SOURCES = ['renderer', 'shared'].map((dir) => join(ROOT, dir));

async function newestMtimeMs(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const { mtimeMs } = await stat(join(entry.parentPath, entry.name));
    newest = Math.max(newest, mtimeMs);
  }
  return newest;
}

/**
 * `dipper serve` serves dist/renderer: build it when it is missing or older than its sources,
 * so that `npx vitest run test/browser` works on its own (scripts/test.sh builds it first).
 * Screenshots of an earlier run are removed, so that those left are this run's.
 */
export default async function setUpBrowserTests(): Promise<void> {
  await rm(SCREENSHOT_DIR, { recursive: true, force: true });

  const builtMs = await stat(BUILT).then(
    (s) => s.mtimeMs,
    () => 0,
  );
  const sourcesMs = Math.max(...(await Promise.all(SOURCES.map(newestMtimeMs))));
  if (builtMs >= sourcesMs) return;

  // Vitest sets NODE_ENV=test, which would make a test build (antd then gives every element the
  // id "test-id", so dialogs lose their names): build what users get.
  const env = { ...process.env, NODE_ENV: 'production' };
  await run('npm', ['run', '-s', 'build:renderer'], {
    cwd: ROOT,
    env,
    maxBuffer: 16 * 1024 * 1024,
  });
}
