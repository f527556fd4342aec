// What `npm start` runs first: the desktop console when this machine can show it.
//
// Exit codes, for the caller (scripts/run.sh):
//   0    the desktop console ran and was closed;
//   3    the desktop console cannot run here (no display, or no Electron runtime and it could
//        not be fetched); one line on stderr says why: fall back to browser mode;
//   else the build failed (1) or Electron exited with that code.
//
// Environment: DIPPER_ELECTRON_FETCH=0 never tries to fetch the runtime (CI=true implies it);
// DIPPER_ELECTRON_FETCH_TIMEOUT_MS bounds the one try (default 60000).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const EXIT_UNAVAILABLE = 3;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = join(root, 'node_modules', 'electron');
const builtMain = join(root, 'out', 'main', 'electron-main.mjs');
const sourceDirs = ['main', 'shared', 'renderer'];

/**
 * The Electron executable if it is installed. Resolved the way electron's own index.js does,
 * but without requiring it: that require downloads a missing binary with no time limit.
 */
export function installedElectron(
  env: NodeJS.ProcessEnv = process.env,
  packageDir: string = electronDir,
): string | null {
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return null;

  const relative = readFileSync(pathFile, 'utf8').trim();
  const executable = env.ELECTRON_OVERRIDE_DIST_PATH
    ? join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron')
    : join(packageDir, 'dist', relative);

  return existsSync(executable) ? executable : null;
}

/** Why no window can be shown here, or null when one can. */
export function displayProblem(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): string | null {
  if (platform !== 'linux') return null;
  if (env.DISPLAY || env.WAYLAND_DISPLAY) return null;

  return 'no display (neither DISPLAY nor WAYLAND_DISPLAY is set)';
}

/** Tries once, within the timeout, to fetch the runtime; true when it is there afterwards. */
function fetchElectron(env: NodeJS.ProcessEnv): boolean {
  const timeoutMs = Number(env.DIPPER_ELECTRON_FETCH_TIMEOUT_MS ?? 60_000);
  const childEnv = { ...env };
  delete childEnv.ELECTRON_SKIP_BINARY_DOWNLOAD;
  const result = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
    env: childEnv,
    stdio: 'ignore',
    timeout: timeoutMs,
  });

  return result.status === 0 && installedElectron(env) !== null;
}

function newestSourceMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMs(path));
    else newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function isBuildStale(): boolean {
  if (!existsSync(builtMain) || !existsSync(join(root, 'out', 'renderer', 'index.html'))) {
    return true;
  }
  const builtMs = statSync(builtMain).mtimeMs;

  return sourceDirs.some((dir) => newestSourceMs(join(root, dir)) > builtMs);
}

function unavailable(reason: string): never {
  process.stderr.write(`dipper: desktop console unavailable: ${reason}; using browser mode\n`);
  process.exit(EXIT_UNAVAILABLE);
}

function main(): void {
  const env = process.env;
  const noDisplay = displayProblem(process.platform, env);
  if (noDisplay) unavailable(noDisplay);

  let electron = installedElectron(env);
  if (!electron) {
    const mayFetch = env.DIPPER_ELECTRON_FETCH !== '0' && env.CI !== 'true';
    if (!mayFetch) unavailable('the Electron runtime is not installed (fetching is turned off)');
    if (!fetchElectron(env))
      unavailable('the Electron runtime is not installed and could not be fetched');
    electron = installedElectron(env);
    if (!electron) unavailable('the Electron runtime is not installed');
  }

  if (isBuildStale()) {
    const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) {
      process.stderr.write('dipper: the desktop build failed (npx electron-vite build)\n');
      process.exit(1);
    }
  }

  const child = spawn(electron, [root, ...process.argv.slice(2)], { stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
