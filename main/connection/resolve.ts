import { readFile } from 'node:fs/promises';
import type { ConnectionOptions } from 'node:tls';
import type { ClusterNode, RedisOptions } from 'ioredis';
import { fail, ok, type Result } from '../../shared/result.js';
import { createLogger, maskRedisUrl, type Logger } from '../log/logger.js';
import type { RedisTarget } from './connection.js';
import {
  parseProfile,
  SANDBOX_PROFILE_NAME,
  type ClusterProfile,
  type Profile,
  type StandaloneProfile,
  type TlsSettings,
} from '../../shared/profile.js';
import type { ProfileStore } from './profile-store.js';
import { acquireSandbox, type SandboxOptions } from './sandbox.js';

/** A profile turned into something to connect to. */
export interface ResolvedProfile {
  target: RedisTarget;
  prefix: string;
  readOnly: boolean;
  /** True for every profile but the sandbox: others may use this Redis too. */
  isShared: boolean;
  /** Stops the sandbox when this process started it; does nothing otherwise. */
  release(): Promise<void>;
}

export interface ResolveOptions {
  log?: Logger;
  /** Where the sandbox lives and how it starts; only read for sandbox profiles. */
  sandbox?: SandboxOptions;
}

const DEFAULT_PORT = 6379;
const noRelease = async () => undefined;
const noTls = ok<ConnectionOptions | undefined>(undefined);

/** Shows a Redis URL with its password masked, for messages and logs. */
export function showRedisUrl(raw: string): string {
  try {
    // Parsing first percent-encodes an "@" inside the password, which would fool the mask.
    const url = new URL(raw);
    if (url.password) url.password = '***';
    return maskRedisUrl(url.href);
  } catch {
    const at = raw.lastIndexOf('@');
    const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(raw)?.[0] ?? '';
    return at === -1 ? raw : `${scheme}***@${raw.slice(at + 1)}`;
  }
}

/** Resolves a profile: starts or attaches to the sandbox, reads TLS files, parses the URL. */
export async function resolveTarget(
  profile: Profile,
  options: ResolveOptions = {},
): Promise<Result<ResolvedProfile>> {
  const log = options.log ?? createLogger('connection');
  const common = { prefix: profile.prefix, readOnly: profile.readOnly ?? false };

  if (profile.kind === 'sandbox') {
    const sandbox = await acquireSandbox({ log, ...options.sandbox });
    if (!sandbox.ok) return sandbox;

    const { target, release } = sandbox.value;
    return ok({ ...common, target, isShared: false, release });
  }

  const target =
    profile.kind === 'standalone' ? await standaloneTarget(profile) : await clusterTarget(profile);
  if (!target.ok) return target;

  const where = profile.kind === 'standalone' ? showRedisUrl(profile.url) : profile.nodes.join(',');
  log.debug('profile resolved', { profile: profile.name, kind: profile.kind, where });

  return ok({ ...common, target: target.value, isShared: true, release: noRelease });
}

async function standaloneTarget(profile: StandaloneProfile): Promise<Result<RedisTarget>> {
  const url = new URL(profile.url);
  const db = url.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d{1,2}$/.test(db)) {
    return fail(
      'BAD_REQUEST',
      `profile "${profile.name}": url ${showRedisUrl(profile.url)} names database "${db}"; ` +
        'expected a number such as /0',
    );
  }

  const isTls = url.protocol === 'rediss:' || profile.tls !== undefined;
  const tls = isTls ? await readTls(profile.name, profile.tls) : noTls;
  if (!tls.ok) return tls;

  const options: RedisOptions = {
    // WHATWG URLs keep the brackets of an IPv6 host; ioredis wants the bare address.
    host: url.hostname.replace(/^\[(.*)\]$/, '$1') || 'localhost',
    port: url.port ? Number(url.port) : DEFAULT_PORT,
    username: profile.username ?? (decodeURIComponent(url.username) || undefined),
    password: profile.password ?? (decodeURIComponent(url.password) || undefined),
    db: db === '' ? 0 : Number(db),
    tls: tls.value,
  };

  return ok({ kind: 'standalone', options: withoutUndefined(options) });
}

async function clusterTarget(profile: ClusterProfile): Promise<Result<RedisTarget>> {
  const tls = profile.tls ? await readTls(profile.name, profile.tls) : noTls;
  if (!tls.ok) return tls;

  const nodes: ClusterNode[] = profile.nodes.map((node) => {
    const colon = node.lastIndexOf(':');
    return {
      host: node.slice(0, colon).replace(/^\[(.*)\]$/, '$1'),
      port: Number(node.slice(colon + 1)),
    };
  });
  const options: RedisOptions = {
    username: profile.username,
    password: profile.password,
    tls: tls.value,
  };

  return ok({ kind: 'cluster', nodes, options: withoutUndefined(options) });
}

async function readTls(
  profileName: string,
  settings: TlsSettings = {},
): Promise<Result<ConnectionOptions | undefined>> {
  const tls: ConnectionOptions = {};

  for (const field of ['ca', 'cert', 'key'] as const) {
    const path = settings[field];
    if (path === undefined) continue;
    try {
      tls[field] = await readFile(path);
    } catch (error) {
      return fail(
        'BAD_REQUEST',
        `profile "${profileName}": cannot read TLS ${field} file ${path}: ` +
          (error as Error).message,
      );
    }
  }
  if (settings.rejectUnauthorized !== undefined) {
    tls.rejectUnauthorized = settings.rejectUnauthorized;
  }
  if (settings.servername !== undefined) tls.servername = settings.servername;

  return ok(tls);
}

function withoutUndefined(options: RedisOptions): RedisOptions {
  return Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  ) as RedisOptions;
}

/** Connection options as the CLI takes them. */
export interface CliConnectionOptions {
  profile?: string;
  redis?: string;
  cluster?: string;
  prefix?: string;
}

const CLI_PROFILE_NAME = 'command-line';

/**
 * Picks the profile the CLI options name: `--profile NAME` from the store, `--redis URL`,
 * `--cluster host:port,...`, or the sandbox when none is given; `--prefix` overrides the prefix.
 */
export async function profileFromCliOptions(
  options: CliConnectionOptions,
  store: ProfileStore,
): Promise<Result<Profile>> {
  const given = (['profile', 'redis', 'cluster'] as const).filter((k) => options[k] !== undefined);
  if (given.length > 1) {
    const flags = given.map((k) => `--${k}`);
    const list = `${flags.slice(0, -1).join(', ')} and ${flags.at(-1) ?? ''}`;
    return fail(
      'BAD_REQUEST',
      `--profile, --redis and --cluster each say where Redis is; give at most one, got ${list}`,
    );
  }

  const prefix = options.prefix === undefined ? {} : { prefix: options.prefix };
  const name = CLI_PROFILE_NAME;

  if (options.redis !== undefined) {
    const parsed = parseProfile({ name, kind: 'standalone', url: options.redis, ...prefix });
    return parsed.ok
      ? parsed
      : fail('BAD_REQUEST', `--redis ${showRedisUrl(options.redis)}: ${parsed.message}`);
  }

  if (options.cluster !== undefined) {
    const nodes = options.cluster
      .split(',')
      .map((node) => node.trim())
      .filter((node) => node !== '');
    const parsed = parseProfile({ name, kind: 'cluster', nodes, ...prefix });
    return parsed.ok ? parsed : fail('BAD_REQUEST', `--cluster: ${parsed.message}`);
  }

  const stored = await store.get(options.profile ?? SANDBOX_PROFILE_NAME);
  if (!stored.ok || options.prefix === undefined) return stored;

  return parseProfile({ ...stored.value, ...prefix });
}
