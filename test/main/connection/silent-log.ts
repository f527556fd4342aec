import type { Logger } from '../../../main/log/logger.js';

/** A logger that drops everything, for tests that do not assert on logs. */
export const silentLog: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLog,
};
