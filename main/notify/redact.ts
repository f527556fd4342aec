import type { Channel } from '../../shared/alerting/channel.js';

/** Shortest text treated as a secret; shorter values would blank out ordinary words. */
const MIN_SECRET_LENGTH = 4;

/**
 * An endpoint as messages and logs show it: never a query string (DingTalk and WeCom keep the
 * robot token there) and, with `hidePath`, no path either (Slack and Feishu keep it there).
 */
export function describeEndpoint(url: URL, hidePath = false): string {
  if (hidePath) return `${url.protocol}//${url.host}/...`;

  return `${url.protocol}//${url.host}${url.pathname}${url.search ? '?...' : ''}`;
}

/** Every value of `channel` that must not reach a message or a log line. */
export function secretsOf(channel: Channel): string[] {
  const secrets: string[] = [];
  const addUrl = (text: string) => {
    const url = new URL(text);
    secrets.push(url.username, url.password, ...url.searchParams.values());
    // Slack, Feishu and many webhooks keep a token in the path: a long segment with a digit
    // is treated as one, while words such as `notifications-incoming` stay readable.
    secrets.push(...url.pathname.split('/').filter((part) => part.length >= 16 && /\d/.test(part)));
  };

  switch (channel.kind) {
    case 'webhook':
    case 'alertmanager':
      addUrl(channel.url);
      for (const value of Object.values(channel.headers ?? {})) {
        // A receiver may echo the credential without its scheme (`Bearer <token>`): the long
        // words of a header value are secrets on their own too.
        secrets.push(value, ...value.split(/\s+/).filter((word) => word.length >= 16));
      }
      break;
    case 'dingtalk':
    case 'feishu':
      addUrl(channel.webhookUrl);
      if (channel.secret) secrets.push(channel.secret);
      break;
    case 'slack':
    case 'wecom':
      addUrl(channel.webhookUrl);
      break;
    case 'email':
      if (channel.smtp.password) secrets.push(channel.smtp.password);
      break;
    case 'desktop':
      break;
  }

  return secrets.filter((s) => s.length >= MIN_SECRET_LENGTH);
}

/** Replaces each secret, raw or URL-encoded, with `***`. */
export function redact(text: string, secrets: string[]): string {
  const variants = new Set<string>();
  for (const secret of secrets) {
    variants.add(secret);
    variants.add(encodeURIComponent(secret));
    variants.add(new URLSearchParams({ s: secret }).toString().slice(2));
  }
  // Longest first, so a URL is replaced whole before the token inside it.
  const ordered = [...variants].filter((v) => v.length >= MIN_SECRET_LENGTH);
  ordered.sort((a, b) => b.length - a.length);

  return ordered.reduce((out, secret) => out.split(secret).join('***'), text);
}

/** Untrusted answer text as one short line, for messages. */
export function excerpt(text: string, maxChars = 200): string {
  const line = text.replace(/\s+/g, ' ').trim();

  return line.length > maxChars ? `${line.slice(0, maxChars)}...` : line;
}
