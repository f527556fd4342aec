import type { Profile } from '../../shared/profile.js';
import { showRedisUrl } from '../connection/resolve.js';
import type { ProfileSummary } from '../../shared/api/dto.js';

/** The target of a profile as a person may see it: no passwords. */
export function describeTarget(profile: Profile): string {
  if (profile.kind === 'sandbox') return 'embedded sandbox redis-server';
  if (profile.kind === 'standalone') return showRedisUrl(profile.url);
  return profile.nodes.join(',');
}

/** A profile as the console lists it: where it points, without secrets. */
export function profileSummary(profile: Profile, active: boolean): ProfileSummary {
  return {
    name: profile.name,
    kind: profile.kind,
    readOnly: profile.readOnly ?? false,
    prefix: profile.prefix,
    target: describeTarget(profile),
    active,
  };
}
