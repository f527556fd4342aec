import { chmod, mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fail, ok, type Result } from '../../shared/result.js';

/** Where to look for the data folder; each field defaults to this process's value. */
export interface DataDirSource {
  env?: Record<string, string | undefined>;
  platform?: NodeJS.Platform;
  homeDir?: string;
}

/** Dipper's data folder (profiles, the sandbox's files); `DIPPER_HOME` overrides the default. */
export function dataDirPath(source: DataDirSource = {}): string {
  const env = source.env ?? process.env;
  const platform = source.platform ?? process.platform;
  const home = source.homeDir ?? homedir();

  if (env.DIPPER_HOME) return env.DIPPER_HOME;
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Dipper');
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Dipper');

  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'dipper');
}

/** Creates `dir` (and its parents) if missing; a folder this call creates gets mode 0700. */
export async function ensurePrivateDir(dir: string): Promise<Result<string>> {
  try {
    const created = await mkdir(dir, { recursive: true, mode: 0o700 });
    // mkdir's mode passes through the umask; set it outright on the folder we made.
    if (created !== undefined) await chmod(dir, 0o700);

    return ok(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;

    return fail(
      code === 'EACCES' || code === 'EPERM' ? 'FORBIDDEN' : 'INTERNAL',
      `cannot create data folder ${dir}: ${(error as Error).message}`,
    );
  }
}

/** Returns the data folder, creating it on first use. */
export async function ensureDataDir(source: DataDirSource = {}): Promise<Result<string>> {
  return ensurePrivateDir(dataDirPath(source));
}
