import { secretsOf } from '../notify/redact.js';
import type { Channel } from '../../shared/alerting/channel.js';
import type { SourceDef } from '../../shared/alerting/config.js';

/** What `dipper export` writes in place of a secret; `dipper apply` refuses it. */
export const REDACTED = '<redacted>';

function redactValues(
  record: Record<string, string> | undefined,
  mask = REDACTED,
): Record<string, string> {
  return Object.fromEntries(Object.keys(record ?? {}).map((name) => [name, mask]));
}

/**
 * A channel with every credential replaced by REDACTED: chat robot URLs (the token is the URL),
 * signing secrets, SMTP passwords, header values, and webhook URLs that carry a token.
 */
export function redactChannel(channel: Channel): Channel {
  return maskChannelSecrets(channel, REDACTED);
}

/** A channel with every credential (as redactChannel picks them) replaced by `mask`. */
export function maskChannelSecrets(channel: Channel, mask: string): Channel {
  switch (channel.kind) {
    case 'webhook':
    case 'alertmanager': {
      const hasUrlSecret = secretsOf({ ...channel, headers: {} }).length > 0;
      return {
        ...channel,
        ...(hasUrlSecret ? { url: mask } : {}),
        ...(channel.headers ? { headers: redactValues(channel.headers, mask) } : {}),
      };
    }
    case 'slack':
    case 'wecom':
      return { ...channel, webhookUrl: mask };
    case 'dingtalk':
    case 'feishu':
      return {
        ...channel,
        webhookUrl: mask,
        ...(channel.secret === undefined ? {} : { secret: mask }),
      };
    case 'email':
      return channel.smtp.password === undefined
        ? channel
        : { ...channel, smtp: { ...channel.smtp, password: mask } };
    case 'desktop':
      return channel;
  }
}

/** A source with its credentials replaced: header values, bearer token, basic-auth password. */
export function redactSource(source: SourceDef): SourceDef {
  const config = source.config;
  if (config.kind === 'queues' || config.kind === 'recorded') return source;

  return {
    ...source,
    config: {
      ...config,
      ...(config.headers ? { headers: redactValues(config.headers) } : {}),
      ...(config.bearerToken === undefined ? {} : { bearerToken: REDACTED }),
      ...(config.basicAuth ? { basicAuth: { ...config.basicAuth, password: REDACTED } } : {}),
    },
  };
}

/** The paths of every string in `value` that is exactly REDACTED. */
export function findRedacted(
  value: unknown,
  path: (string | number)[] = [],
): (string | number)[][] {
  return findMasked(value, REDACTED, path);
}

/** The paths of every string in `value` that is exactly `mask`. */
export function findMasked(
  value: unknown,
  mask: string,
  path: (string | number)[] = [],
): (string | number)[][] {
  if (value === mask) return [path];
  if (Array.isArray(value)) {
    return value.flatMap((item, i) => findMasked(item, mask, [...path, i]));
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => findMasked(item, mask, [...path, key]));
  }

  return [];
}
