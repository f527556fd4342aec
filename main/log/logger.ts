import { pino, type Logger as PinoLogger } from 'pino';

/** A scoped logger: `log.info('tick produced', { scheduleId, tick })`. */
export interface Logger {
  debug(msg: string, ctx?: Record<string, unknown>): void;
  info(msg: string, ctx?: Record<string, unknown>): void;
  warn(msg: string, ctx?: Record<string, unknown>): void;
  error(msg: string, ctx?: Record<string, unknown>): void;
  child(scope: string): Logger;
}

type Level = 'debug' | 'info' | 'warn' | 'error' | 'silent';

let root: PinoLogger | undefined;

function rootLogger(): PinoLogger {
  // Logs go to stderr so that CLI output on stdout stays machine-readable.
  root ??= pino(
    {
      level: (process.env.DIPPER_LOG_LEVEL as Level | undefined) ?? 'info',
      base: { pid: process.pid },
    },
    pino.destination(2),
  );

  return root;
}

function wrap(p: PinoLogger, scope: string): Logger {
  return {
    debug: (msg, ctx) => p.debug(ctx ?? {}, msg),
    info: (msg, ctx) => p.info(ctx ?? {}, msg),
    warn: (msg, ctx) => p.warn(ctx ?? {}, msg),
    error: (msg, ctx) => p.error(ctx ?? {}, msg),
    child: (sub) => createLogger(`${scope}.${sub}`),
  };
}

/** Returns the logger for one module's scope. */
export function createLogger(scope: string): Logger {
  return wrap(rootLogger().child({ scope }), scope);
}

/** Replaces the root destination, e.g. with a rotating file in the desktop shell. */
export function setRootLogger(logger: PinoLogger): void {
  root = logger;
}

/** Masks the password of a Redis URL for logs: `redis://user:***@host:6379`. */
export function maskRedisUrl(url: string): string {
  return url.replace(/^(rediss?:\/\/)([^:@/]*):([^@/]*)@/, '$1$2:***@');
}
