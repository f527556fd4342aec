import { checkConnection } from '../../connection/checks.js';
import { parseProfile, type Profile } from '../../../shared/profile.js';
import type { ConsoleHandlers } from '../../../shared/api/contract.js';
import { fail, ok } from '../../../shared/result.js';
import { profileSummary } from '../profile-summary.js';
import type { ConsoleSession } from '../session.js';

type ProfilesHandlers = Pick<
  ConsoleHandlers<ConsoleSession>,
  'profiles.list' | 'profiles.checks' | 'profiles.save' | 'profiles.remove' | 'profiles.switch'
>;

/** JSON with object keys sorted, so that equal profiles compare equal as text. */
function canonical(profile: Profile): string {
  return JSON.stringify(profile, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : 1)))
      : item,
  );
}

export const profilesHandlers: ProfilesHandlers = {
  async 'profiles.list'(_request, session) {
    const listed = await session.profiles.list();
    if (!listed.ok) return listed;

    return ok(listed.value.map((p) => profileSummary(p, p.name === session.profileName)));
  },

  async 'profiles.checks'(_request, session) {
    const shared = session.profileKind !== 'sandbox';
    return checkConnection(session.node.connection.client, { shared, deadlineMs: 15_000 });
  },

  // The running node keeps the connection and read-only flag it started with, so a change to
  // the active profile would not take effect and would misstate what the console runs on.
  async 'profiles.save'({ profile: draft }, session) {
    const parsed = parseProfile(draft);
    if (!parsed.ok) return parsed;

    const { name } = parsed.value;
    if (name === session.profileName) {
      const stored = await session.profiles.get(name);
      if (!stored.ok || canonical(stored.value) !== canonical(parsed.value)) {
        return fail(
          'CONFLICT',
          `profile "${name}" is the one this console runs on; switch to another profile ` +
            'before changing it',
        );
      }
    }

    const saved = await session.profiles.save(parsed.value);
    return saved.ok ? ok(profileSummary(saved.value, name === session.profileName)) : saved;
  },

  async 'profiles.remove'({ name }, session) {
    if (name === session.profileName) {
      return fail(
        'CONFLICT',
        `profile "${name}" is the one this console runs on; switch to another profile first`,
      );
    }

    const removed = await session.profiles.remove(name);
    return removed.ok ? ok({ removed: true }) : removed;
  },

  async 'profiles.switch'({ name }, session) {
    return session.switchProfile(name);
  },
};
