import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { fail, ok, type Result } from '../../shared/result.js';
import { parseWith } from '../../shared/validation.js';
import { writeFileAtomic } from './atomic-write.js';
import { ensurePrivateDir } from './data-dir.js';
import { withLockFile } from './lock-file.js';
import {
  parseProfile,
  ProfileSchema,
  SANDBOX_PROFILE_NAME,
  sandboxProfile,
  type Profile,
} from '../../shared/profile.js';

export const PROFILES_FILE_VERSION = 1;

const ProfilesFileSchema = z
  .strictObject({
    version: z.literal(PROFILES_FILE_VERSION),
    profiles: z.array(ProfileSchema),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>([SANDBOX_PROFILE_NAME]);
    file.profiles.forEach((profile, index) => {
      if (seen.has(profile.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['profiles', index, 'name'],
          message: `name "${profile.name}" is used twice or is the built-in sandbox`,
        });
      }
      seen.add(profile.name);
    });
  });

/** Named profiles in `<dataDir>/profiles.json`; the `sandbox` profile always exists. */
export interface ProfileStore {
  readonly file: string;
  /** Every profile, the implicit sandbox first. */
  list(): Promise<Result<Profile[]>>;
  /** NOT_FOUND names the profiles that do exist. */
  get(name: string): Promise<Result<Profile>>;
  /** Validates and adds the profile, or replaces the one with the same name. */
  save(input: unknown): Promise<Result<Profile>>;
  /** Removes a stored profile and returns it. */
  remove(name: string): Promise<Result<Profile>>;
}

/**
 * Encrypts and decrypts the secret fields of stored profiles (the desktop shell passes one
 * backed by the OS keychain). `decrypt` may throw when the keychain cannot read the value.
 */
export interface SecretCodec {
  encrypt(plain: string): string;
  decrypt(stored: string): string;
}

/** Profile fields that may hold a password: the URL (`redis://user:pass@...`) and `password`. */
export const SECRET_FIELDS = ['url', 'password'] as const;

/** Marks an encrypted field in the file; the rest is the codec's text. */
export const ENCRYPTED_PREFIX = 'enc:v1:';

export interface ProfileStoreOptions {
  /** Without a codec, secrets are stored as written, in the 0600 file. */
  codec?: SecretCodec;
}

export function createProfileStore(
  dataDir: string,
  options: ProfileStoreOptions = {},
): ProfileStore {
  const file = join(dataDir, 'profiles.json');
  const { codec } = options;

  async function read(): Promise<Result<Profile[]>> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ok([]);
      return fail('INTERNAL', `cannot read profiles file ${file}: ${(error as Error).message}`);
    }

    return parseFile(file, text, codec);
  }

  async function update(
    change: (profiles: Profile[]) => Result<{ profiles: Profile[]; changed: Profile }>,
  ): Promise<Result<Profile>> {
    const dir = await ensurePrivateDir(dataDir);
    if (!dir.ok) return dir;

    // Read-modify-write under a lock so two Dipper processes saving at once lose nothing.
    const locked = await withLockFile(`${file}.lock`, async (): Promise<Result<Profile>> => {
      const current = await read();
      if (!current.ok) return current;

      const next = change(current.value);
      if (!next.ok) return next;

      const profiles = codec
        ? next.value.profiles.map((p) => encryptSecrets(p, codec))
        : next.value.profiles;
      const body = { version: PROFILES_FILE_VERSION, profiles };
      await writeFileAtomic(file, `${JSON.stringify(body, null, 2)}\n`, 0o600);

      return ok(next.value.changed);
    });

    return locked.ok ? locked.value : locked;
  }

  return {
    file,
    async list() {
      const stored = await read();

      return stored.ok ? ok([sandboxProfile(), ...stored.value]) : stored;
    },
    async get(name) {
      if (name === SANDBOX_PROFILE_NAME) return ok(sandboxProfile());

      const stored = await read();
      if (!stored.ok) return stored;

      const found = stored.value.find((p) => p.name === name);
      if (found) return ok(found);

      const known = [SANDBOX_PROFILE_NAME, ...stored.value.map((p) => p.name)].join(', ');
      return fail('NOT_FOUND', `profile "${name}" does not exist; known profiles: ${known}`);
    },
    async save(input) {
      const parsed = parseProfile(input);
      if (!parsed.ok) return parsed;

      const profile = parsed.value;
      if (profile.name === SANDBOX_PROFILE_NAME) {
        return fail(
          'BAD_REQUEST',
          `"${SANDBOX_PROFILE_NAME}" is the built-in profile; pick another name`,
        );
      }

      return update((profiles) => {
        const others = profiles.filter((p) => p.name !== profile.name);
        const index = profiles.findIndex((p) => p.name === profile.name);
        others.splice(index === -1 ? others.length : index, 0, profile);

        return ok({ profiles: others, changed: profile });
      });
    },
    async remove(name) {
      if (name === SANDBOX_PROFILE_NAME) {
        return fail('BAD_REQUEST', `"${SANDBOX_PROFILE_NAME}" is built in and cannot be removed`);
      }

      return update((profiles) => {
        const found = profiles.find((p) => p.name === name);
        if (!found) return fail('NOT_FOUND', `profile "${name}" does not exist in ${file}`);

        return ok({ profiles: profiles.filter((p) => p !== found), changed: found });
      });
    },
  };
}

function encryptSecrets(profile: Profile, codec: SecretCodec): Profile {
  const copy: Record<string, unknown> = { ...profile };
  for (const field of SECRET_FIELDS) {
    const value = copy[field];
    if (typeof value === 'string') copy[field] = `${ENCRYPTED_PREFIX}${codec.encrypt(value)}`;
  }

  return copy as Profile;
}

/** Decrypts the secret fields of the raw entries before they are validated. */
function decryptSecrets(file: string, json: unknown, codec?: SecretCodec): Result<unknown> {
  if (typeof json !== 'object' || json === null) return ok(json);
  const entries = (json as { profiles?: unknown }).profiles;
  if (!Array.isArray(entries)) return ok(json);

  const profiles: unknown[] = [];
  for (const entry of entries) {
    if (typeof entry !== 'object' || entry === null) {
      profiles.push(entry);
      continue;
    }
    const copy: Record<string, unknown> = { ...entry };
    for (const field of SECRET_FIELDS) {
      const value = copy[field];
      if (typeof value !== 'string' || !value.startsWith(ENCRYPTED_PREFIX)) continue;

      const name = JSON.stringify(copy.name);
      if (!codec) {
        return fail(
          'FORBIDDEN',
          `profile ${name} in ${file} has its ${field} encrypted with the desktop app's OS ` +
            `keychain; only the desktop app can read it (give the CLI its own DIPPER_HOME)`,
        );
      }
      try {
        copy[field] = codec.decrypt(value.slice(ENCRYPTED_PREFIX.length));
      } catch (error) {
        return fail(
          'FORBIDDEN',
          `cannot decrypt the ${field} of profile ${name} in ${file}: ${(error as Error).message}`,
        );
      }
    }
    profiles.push(copy);
  }

  return ok({ ...json, profiles });
}

function parseFile(file: string, text: string, codec?: SecretCodec): Result<Profile[]> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    // JSON.parse quotes part of the text, which may hold a password: report a place instead.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    const at = position === undefined ? '' : ` (${lineAndColumn(text, Number(position))})`;
    return fail('BAD_REQUEST', `profiles file ${file} is not valid JSON${at}`);
  }

  const version = typeof json === 'object' && json !== null && 'version' in json && json.version;
  if (typeof version === 'number' && version > PROFILES_FILE_VERSION) {
    return fail(
      'BAD_REQUEST',
      `profiles file ${file} has version ${version}; this Dipper reads version ` +
        `${PROFILES_FILE_VERSION} (was it written by a newer Dipper?)`,
    );
  }

  const decrypted = decryptSecrets(file, json, codec);
  if (!decrypted.ok) return decrypted;

  const parsed = parseWith(ProfilesFileSchema, decrypted.value, `profiles file ${file}`);

  return parsed.ok ? ok(parsed.value.profiles) : parsed;
}

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position).split('\n');

  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}
