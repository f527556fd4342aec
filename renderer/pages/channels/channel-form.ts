import type { Channel, ChannelKind } from '../../../shared/alerting/channel.js';
import type { Issues } from '../../lib/issues.js';

/** What main shows in place of a secret; sent back unchanged, it keeps the stored one. */
export const MASK = '***';

/** Every kind's fields as typed; only those of the chosen kind go into the draft. */
export interface ChannelForm {
  id: string;
  name: string;
  kind: ChannelKind;
  enabled: boolean;
  url: string;
  method: 'POST' | 'PUT';
  /** One `Name: value` per line. */
  headers: string;
  bodyTemplate: string;
  webhookUrl: string;
  secret: string;
  smtpHost: string;
  smtpPort: string;
  smtpSecure: boolean;
  smtpUsername: string;
  smtpPassword: string;
  from: string;
  /** Recipients separated by commas or lines. */
  to: string;
  /** One `name=value` per line. */
  labelFilter: string;
}

export function emptyChannelForm(kind: ChannelKind = 'webhook'): ChannelForm {
  return {
    id: '',
    name: '',
    kind,
    enabled: true,
    url: '',
    method: 'POST',
    headers: '',
    bodyTemplate: '',
    webhookUrl: '',
    secret: '',
    smtpHost: '',
    smtpPort: '587',
    smtpSecure: false,
    smtpUsername: '',
    smtpPassword: '',
    from: '',
    to: '',
    labelFilter: '',
  };
}

const lines = (record: Record<string, string> | undefined, separator: string) =>
  Object.entries(record ?? {})
    .map(([name, value]) => `${name}${separator}${value}`)
    .join('\n');

export function channelFormOf(channel: Channel): ChannelForm {
  const form: ChannelForm = {
    ...emptyChannelForm(channel.kind),
    id: channel.id,
    name: channel.name,
    enabled: channel.enabled,
  };
  switch (channel.kind) {
    case 'webhook':
      return {
        ...form,
        url: channel.url,
        method: channel.method,
        headers: lines(channel.headers, ': '),
        bodyTemplate: channel.bodyTemplate ?? '',
      };
    case 'alertmanager':
      return { ...form, url: channel.url, headers: lines(channel.headers, ': ') };
    case 'slack':
    case 'wecom':
      return { ...form, webhookUrl: channel.webhookUrl };
    case 'dingtalk':
    case 'feishu':
      return { ...form, webhookUrl: channel.webhookUrl, secret: channel.secret ?? '' };
    case 'email':
      return {
        ...form,
        smtpHost: channel.smtp.host,
        smtpPort: String(channel.smtp.port),
        smtpSecure: channel.smtp.secure,
        smtpUsername: channel.smtp.username ?? '',
        smtpPassword: channel.smtp.password ?? '',
        from: channel.from,
        to: channel.to.join(', '),
      };
    case 'desktop':
      return { ...form, labelFilter: lines(channel.labelFilter, '=') };
  }
}

/** `name<sep>value` lines as a record, and the lines without the separator. */
function recordOf(text: string, separator: string, path: string) {
  const record: Record<string, string> = {};
  const issues: Issues = [];
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (line === '') continue;
    const at = line.indexOf(separator);
    if (at <= 0) {
      issues.push({ path, message: `line ${JSON.stringify(line)} is not name${separator}value` });
      continue;
    }
    record[line.slice(0, at).trim()] = line.slice(at + separator.length).trim();
  }
  return { record, issues };
}

const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());

/** The draft sent to main for the chosen kind, and problems found before the schema runs. */
export function channelDraftOf(form: ChannelForm): {
  draft: Record<string, unknown>;
  formIssues: Issues;
} {
  const common = { id: form.id.trim(), name: form.name, kind: form.kind, enabled: form.enabled };
  const headers = recordOf(form.headers, ':', 'headers');
  const labelFilter = recordOf(form.labelFilter, '=', 'labelFilter');
  const withHeaders = form.headers.trim() === '' ? {} : { headers: headers.record };

  switch (form.kind) {
    case 'webhook': {
      const body = optional(form.bodyTemplate);
      const draft = { ...common, url: form.url.trim(), method: form.method, ...withHeaders };
      return {
        draft: body === undefined ? draft : { ...draft, bodyTemplate: form.bodyTemplate },
        formIssues: headers.issues,
      };
    }
    case 'alertmanager':
      return {
        draft: { ...common, url: form.url.trim(), ...withHeaders },
        formIssues: headers.issues,
      };
    case 'slack':
    case 'wecom':
      return { draft: { ...common, webhookUrl: form.webhookUrl.trim() }, formIssues: [] };
    case 'dingtalk':
    case 'feishu': {
      const secret = optional(form.secret);
      const draft = { ...common, webhookUrl: form.webhookUrl.trim() };
      return { draft: secret === undefined ? draft : { ...draft, secret }, formIssues: [] };
    }
    case 'email': {
      const port = Number(form.smtpPort.trim());
      const smtp: Record<string, unknown> = {
        host: form.smtpHost.trim(),
        port: form.smtpPort.trim() !== '' && Number.isFinite(port) ? port : form.smtpPort,
        secure: form.smtpSecure,
      };
      const username = optional(form.smtpUsername);
      const password = optional(form.smtpPassword);
      if (username !== undefined) smtp.username = username;
      if (password !== undefined) smtp.password = password;
      const to = form.to
        .split(/[\n,]/)
        .map((a) => a.trim())
        .filter((a) => a !== '');
      return { draft: { ...common, smtp, from: form.from.trim(), to }, formIssues: [] };
    }
    case 'desktop':
      return {
        draft:
          form.labelFilter.trim() === '' ? common : { ...common, labelFilter: labelFilter.record },
        formIssues: labelFilter.issues,
      };
  }
}

/** The value at a dotted path of a draft. */
function valueAt(draft: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (value, key) =>
        value !== null && typeof value === 'object'
          ? (value as Record<string, unknown>)[key]
          : undefined,
      draft,
    );
}

/** Drops problems with fields left as the mask: main puts the stored secret back there. */
export function withoutMasked(issues: Issues, draft: Record<string, unknown>): Issues {
  return issues.filter((i) => valueAt(draft, i.path) !== MASK);
}
