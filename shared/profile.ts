import { z } from 'zod';
import type { Result } from './result.js';
import { parseWith } from './validation.js';
import { quote } from './zod-messages.js';

/** True when the prefix carries a Redis Cluster hash tag such as `{dipper}`. */
export function hasHashTag(prefix: string): boolean {
  return /\{[^{}]+\}/.test(prefix);
}

/** The profile that always exists: a local redis-server Dipper starts and owns. */
export const SANDBOX_PROFILE_NAME = 'sandbox';

export const DEFAULT_PREFIX = 'dipper';
export const DEFAULT_CLUSTER_PREFIX = '{dipper}';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
// host:port with a DNS name, an IPv4 address or a bracketed IPv6 address.
const HOST_PORT = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?):(\d{1,5})$/;

export const ProfileNameSchema = z
  .string()
  .regex(NAME, 'expected 1-64 letters, digits, "_", "." or "-", starting with a letter or digit');

export const PrefixSchema = z
  .string()
  .min(1, 'expected a non-empty prefix')
  .max(64, 'expected at most 64 characters')
  .refine((p) => !/\s/.test(p), 'expected no whitespace')
  .refine((p) => !p.startsWith(':') && !p.endsWith(':'), 'expected no ":" at either end');

const RedisUrlSchema = z.string().refine((url) => {
  try {
    const protocol = new URL(url).protocol;
    return protocol === 'redis:' || protocol === 'rediss:';
  } catch {
    return false;
  }
}, 'expected a redis:// or rediss:// URL such as redis://host:6379');

const HostPortSchema = z.string().refine(
  (node) => {
    const port = Number(HOST_PORT.exec(node)?.[2]);
    return port >= 1 && port <= 65_535;
  },
  { error: (issue) => `expected host:port, e.g. 10.0.0.5:7000; got ${quote(issue.input)}` },
);

/** TLS settings; `ca`, `cert` and `key` are file paths read when the profile is resolved. */
export const TlsSchema = z.strictObject({
  ca: z.string().min(1).optional(),
  cert: z.string().min(1).optional(),
  key: z.string().min(1).optional(),
  rejectUnauthorized: z.boolean().optional(),
  servername: z.string().min(1).optional(),
});

const common = {
  name: ProfileNameSchema,
  readOnly: z.boolean().optional(),
};

const credentials = {
  username: z.string().min(1).optional(),
  password: z.string().min(1).optional(),
  tls: TlsSchema.optional(),
};

export const SandboxProfileSchema = z.strictObject({
  ...common,
  kind: z.literal('sandbox'),
  prefix: PrefixSchema.default(DEFAULT_PREFIX),
});

/** `username` and `password` fields take precedence over those in the URL. */
export const StandaloneProfileSchema = z.strictObject({
  ...common,
  ...credentials,
  kind: z.literal('standalone'),
  url: RedisUrlSchema,
  prefix: PrefixSchema.default(DEFAULT_PREFIX),
});

export const ClusterProfileSchema = z
  .strictObject({
    ...common,
    ...credentials,
    kind: z.literal('cluster'),
    nodes: z.array(HostPortSchema).min(1, 'expected at least one host:port seed node'),
    prefix: PrefixSchema.default(DEFAULT_CLUSTER_PREFIX),
  })
  .superRefine((profile, ctx) => {
    if (hasHashTag(profile.prefix)) return;

    ctx.addIssue({
      code: 'custom',
      path: ['prefix'],
      message:
        `prefix "${profile.prefix}" has no hash tag; on a cluster all keys of one Bull queue ` +
        `must hash to one slot, so the prefix needs a {tag}, e.g. "{${profile.prefix}}" or ` +
        `"${DEFAULT_CLUSTER_PREFIX}"`,
    });
  });

export const ProfileSchema = z.discriminatedUnion('kind', [
  SandboxProfileSchema,
  StandaloneProfileSchema,
  ClusterProfileSchema,
]);

/** A validated profile, defaults applied. */
export type Profile = z.infer<typeof ProfileSchema>;
/** A profile as a person writes it: `prefix` may be left out. */
export type ProfileInput = z.input<typeof ProfileSchema>;
export type SandboxProfile = z.infer<typeof SandboxProfileSchema>;
export type StandaloneProfile = z.infer<typeof StandaloneProfileSchema>;
export type ClusterProfile = z.infer<typeof ClusterProfileSchema>;
export type TlsSettings = z.infer<typeof TlsSchema>;

/** The implicit sandbox profile. */
export function sandboxProfile(prefix: string = DEFAULT_PREFIX): Profile {
  return { name: SANDBOX_PROFILE_NAME, kind: 'sandbox', prefix };
}

/** Validates a profile; a failure lists each problem with its path (`prefix`, `nodes.1`). */
export function parseProfile(input: unknown): Result<Profile> {
  const name = typeof input === 'object' && input !== null && 'name' in input ? input.name : '';
  const what = typeof name === 'string' && NAME.test(name) ? `profile "${name}"` : 'profile';

  return parseWith(ProfileSchema, input, what);
}
