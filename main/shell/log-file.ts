import { pino } from 'pino';
import { createStream } from 'rotating-file-stream';
import { setRootLogger } from '../log/logger.js';

/** Size at which the log file rotates, and how many rotated files are kept. */
export const LOG_ROTATE_SIZE = '10M';
export const LOG_MAX_FILES = 7;

/**
 * Points every logger of the process at `<logsDir>/dipper.log`, rotated daily or at 10 MB,
 * seven files kept. Unpackaged (development) runs also log to stderr.
 */
export function logToRotatingFile(logsDir: string, alsoStderr: boolean) {
  const file = createStream('dipper.log', {
    path: logsDir,
    size: LOG_ROTATE_SIZE,
    interval: '1d',
    maxFiles: LOG_MAX_FILES,
  });
  // The log cannot report its own failure; stderr is what is left.
  file.on('error', (error: Error) => process.stderr.write(`dipper: log file: ${error.message}\n`));
  const level = process.env.DIPPER_LOG_LEVEL ?? 'info';
  const streams: pino.StreamEntry[] = [{ stream: file, level: level as pino.Level }];
  if (alsoStderr) streams.push({ stream: process.stderr, level: level as pino.Level });
  setRootLogger(pino({ level, base: { pid: process.pid } }, pino.multistream(streams)));

  return file;
}
