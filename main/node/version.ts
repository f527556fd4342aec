import { createRequire } from 'node:module';

// Not named `require`: the desktop bundle (electron-vite, ESM) declares its own.
const requireJson = createRequire(import.meta.url);

function readVersion(): string {
  for (const path of ['../../package.json', '../../../package.json']) {
    try {
      return (requireJson(path) as { version: string }).version;
    } catch {
      // dist/ sits one level deeper than the sources
    }
  }

  return '0.0.0';
}

/** Dipper's version, from package.json. */
export const VERSION = readVersion();
