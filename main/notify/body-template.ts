import { BODY_PLACEHOLDER } from '../../shared/alerting/channel.js';
import type { Notification } from '../../shared/alerting/notification.js';
import { plainTextOf, titleOf } from './render.js';

/**
 * Renders a webhook body template (validated JSON text) for `notification`. A string that is
 * exactly one placeholder becomes the value itself (`"{{alerts}}"` gives the array); anywhere
 * else a placeholder is replaced by the value as text. Values are placed into parsed JSON, never
 * spliced into JSON text, so label text cannot change the shape of the body.
 */
export function renderBodyTemplate(template: string, notification: Notification): string {
  const parsed: unknown = JSON.parse(template);

  return JSON.stringify(fill(parsed, notification));
}

function fill(node: unknown, notification: Notification): unknown {
  if (typeof node === 'string') return fillString(node, notification);
  if (Array.isArray(node)) return node.map((item) => fill(item, notification));
  if (typeof node !== 'object' || node === null) return node;

  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, fill(value, notification)]),
  );
}

function fillString(text: string, notification: Notification): unknown {
  const whole = new RegExp(`^${BODY_PLACEHOLDER.source}$`).exec(text);
  if (whole) return lookup(whole[1] ?? '', notification) ?? null;

  return text.replace(BODY_PLACEHOLDER, (_, path: string) => {
    const value = lookup(path, notification);
    if (value === undefined || value === null) return '';

    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  });
}

function lookup(path: string, notification: Notification): unknown {
  const [root = '', ...rest] = path.split('.');
  let value: unknown =
    root === 'title'
      ? titleOf(notification)
      : root === 'text'
        ? plainTextOf(notification)
        : (notification as Record<string, unknown>)[root];

  for (const segment of rest) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = Object.hasOwn(value, segment) ? (value as Record<string, unknown>)[segment] : undefined;
  }

  return value;
}
