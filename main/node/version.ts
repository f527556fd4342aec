import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function readVersion(): string {
  for (const path of ['../../package.json', '../../../package.json']) {
    try {
      return (require(path) as { version: string }).version;
    } catch {
      // dist/ sits one level deeper than the sources
    }
  }

  return '0.0.0';
}

/** Dipper's version, from package.json. */
export const VERSION = readVersion();
