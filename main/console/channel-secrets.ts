import { findMasked, maskChannelSecrets } from '../config/secrets.js';
import type { Channel } from '../../shared/alerting/channel.js';
import { fail, ok, type Result } from '../../shared/result.js';

/** What the console shows in place of a channel's secret, and what it sends back unchanged. */
export const SECRET_MASK = '***';

/** A channel as the console shows it: every credential replaced by SECRET_MASK. */
export function maskChannel(channel: Channel): Channel {
  return maskChannelSecrets(channel, SECRET_MASK);
}

function valueAt(root: unknown, path: (string | number)[]): unknown {
  let at = root;
  for (const step of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string | number, unknown>)[step];
  }

  return at;
}

/**
 * The draft with every SECRET_MASK replaced by the stored channel's value at the same path, so
 * that saving a channel as the console showed it keeps its secrets. BAD_REQUEST naming the
 * field when there is no stored secret to keep (a new channel, or a field that had none).
 */
export function restoreSecrets(
  draft: Record<string, unknown>,
  stored: Channel | null,
): Result<Record<string, unknown>> {
  const restored = structuredClone(draft);
  for (const path of findMasked(draft, SECRET_MASK)) {
    const field = path.join('.');
    const secret = stored ? valueAt(stored, path) : undefined;
    if (typeof secret !== 'string') {
      const what = stored ? `channel "${stored.id}" has no stored value there` : 'it is new';
      return fail(
        'BAD_REQUEST',
        `${field} is "${SECRET_MASK}" (keep the stored secret) but ${what}; give the value itself`,
        [{ path: field, message: `expected the secret itself; ${what}` }],
      );
    }

    const parent = valueAt(restored, path.slice(0, -1)) as Record<string | number, unknown>;
    parent[path[path.length - 1] ?? ''] = secret;
  }

  return ok(restored);
}
