import { findMasked, maskChannelSecrets } from '../config/secrets.js';
import { secretsOf } from '../notify/redact.js';
import type { Channel } from '../../shared/alerting/channel.js';
import type { ChannelView } from '../../shared/api/dto.js';
import { fail, ok, type Result } from '../../shared/result.js';

/** What the console shows in place of a channel's secret, and what it sends back unchanged. */
export const SECRET_MASK = '***';

/** A channel as the console shows it: every credential replaced by SECRET_MASK. */
export function maskChannel(channel: Channel): Channel {
  return maskChannelSecrets(channel, SECRET_MASK);
}

/** A channel as the console lists it: masked, with where it sends in words. */
export function viewChannel(channel: Channel): ChannelView {
  return { ...maskChannel(channel), sendsTo: sendsToOf(channel) };
}

/**
 * Where a channel sends, safe to show: the URL without credentials or query string, and with
 * token-like path parts (as secretsOf picks them) masked; SMTP host and recipients for email.
 */
export function sendsToOf(channel: Channel): string {
  switch (channel.kind) {
    case 'webhook':
    case 'alertmanager':
      return publicUrl(channel.url, secretsOf(channel));
    case 'slack':
    case 'wecom':
    case 'dingtalk':
    case 'feishu':
      return publicUrl(channel.webhookUrl, secretsOf(channel));
    case 'email':
      return `${channel.smtp.host}:${channel.smtp.port} → ${channel.to.join(', ')}`;
    case 'desktop':
      return '';
  }
}

function publicUrl(text: string, secrets: string[]): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return SECRET_MASK;
  }
  const path = url.pathname
    .split('/')
    .map((part) => (part !== '' && secrets.includes(part) ? SECRET_MASK : part))
    .join('/');

  return `${url.origin}${path}`;
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
