import { Option, type Command } from 'commander';
import { createRedisClient, type RedisClient } from '../connection/connection.js';
import { withDeadline } from '../connection/deadline.js';
import { ensureDataDir } from '../connection/data-dir.js';
import { dipperKeys, type DipperKeys } from '../connection/keys.js';
import { createProfileStore } from '../connection/profile-store.js';
import {
  profileFromCliOptions,
  resolveTarget,
  type ResolvedProfile,
} from '../connection/resolve.js';
import { createLogger, type Logger } from '../log/logger.js';
import type { Result } from '../../shared/result.js';
import { inConnectionFlagTerms } from './connection-flags.js';
import { CliFailure } from './output.js';

/** Options every subcommand takes. */
export interface CommonOptions {
  profile?: string;
  redis?: string;
  cluster?: string;
  prefix?: string;
  json?: boolean;
}

/** Adds the connection options and `--json` to a subcommand. */
export function withCommonOptions(command: Command): Command {
  return command
    .addOption(new Option('--profile <name>', 'a saved connection profile'))
    .addOption(new Option('--redis <url>', 'a standalone Redis: redis:// or rediss:// URL'))
    .addOption(new Option('--cluster <seeds>', 'Redis Cluster seed nodes: host:port,host:port'))
    .addOption(new Option('--prefix <name>', 'key prefix (a {hash tag} on a cluster)'))
    .option('--json', 'machine-readable output', false);
}

/** Unwraps a Result or ends the command with its failure. */
export function must<T>(result: Result<T>): T {
  if (!result.ok) throw new CliFailure(result);

  return result.value;
}

/** Resolves the connection options to a profile (starting the sandbox when needed). */
export async function resolveProfile(
  options: CommonOptions,
  log: Logger,
): Promise<ResolvedProfile> {
  const dataDir = must(await ensureDataDir());
  const chosen = await profileFromCliOptions(options, createProfileStore(dataDir));
  if (!chosen.ok && chosen.code === 'BAD_REQUEST') {
    throw new CliFailure(inConnectionFlagTerms(chosen, options));
  }
  const profile = must(chosen);

  return must(await resolveTarget(profile, { log }));
}

/**
 * Remembers the client's last error; the returned function adds it to a REDIS_UNAVAILABLE
 * failure, whose deadline message says only that Redis did not answer.
 */
export function explainUnavailable(client: RedisClient): <T>(result: Result<T>) => Result<T> {
  let lastError: string | undefined;
  client.on('error', (error: Error) => (lastError = error.message));

  return (result) =>
    !result.ok && result.code === 'REDIS_UNAVAILABLE' && lastError
      ? { ...result, message: `${result.message} (last error: ${lastError})` }
      : result;
}

/** A short-lived command's Redis session: one client, every call under a deadline. */
export interface CliSession {
  client: RedisClient;
  keys: DipperKeys;
  resolved: ResolvedProfile;
  log: Logger;
  call<T>(work: Promise<T>, what: string): Promise<T>;
}

/** Runs `body` with a session and always closes it (and a sandbox it started). */
export async function withSession<T>(
  options: CommonOptions,
  body: (session: CliSession) => Promise<T>,
): Promise<T> {
  const log = createLogger('cli');
  const resolved = await resolveProfile(options, log);
  const client = createRedisClient(resolved.target, log, 'cli');
  const explain = explainUnavailable(client);
  const session: CliSession = {
    client,
    keys: dipperKeys(resolved.prefix),
    resolved,
    log,
    call: async (work, what) => must(explain(await withDeadline(work, what))),
  };

  try {
    return await body(session);
  } finally {
    client.disconnect();
    await resolved.release();
  }
}
