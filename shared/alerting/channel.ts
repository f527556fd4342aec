import { z } from 'zod';
import { onlyKeys, quote } from '../zod-messages.js';

/** The kinds of channel a Notification can go through. */
export const CHANNEL_KINDS = [
  'webhook',
  'slack',
  'dingtalk',
  'feishu',
  'wecom',
  'email',
  'desktop',
  'alertmanager',
] as const;

/** A `{{path}}` placeholder in a webhook body template; the path is dotted, `alerts.0.labels.x`. */
export const BODY_PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g;

/**
 * What a placeholder path may start with: a Notification field, or `title` and `text`, the
 * message as the chat channels render it.
 */
export const BODY_PLACEHOLDER_ROOTS = [
  'idempotencyKey',
  'status',
  'groupKey',
  'groupLabels',
  'alerts',
  'sentAtMs',
  'isTest',
  'title',
  'text',
] as const;

const ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[^\r\n\0]*$/;
// A bare address, or one with a display name: `Dipper <alerts@example.com>`.
const ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/;
const NAMED_ADDRESS = /^[^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>$/;

function strict<T extends z.core.$ZodLooseShape>(shape: T) {
  return z.strictObject(shape, onlyKeys(shape));
}

// Messages about URLs never quote them: robot tokens live in their paths and query strings.
const httpUrl = (what: string) =>
  z.url({ protocol: /^https?$/, error: `${what} must be an absolute http or https URL` });

const headersSchema = z.record(
  z.string().regex(HEADER_NAME, { error: (i) => `invalid header name ${quote(i.input)}` }),
  z.string().regex(HEADER_VALUE, 'header values cannot hold line breaks'),
);

const common = {
  id: z.string().regex(ID, {
    error: (i) =>
      `id must be 1-64 of a-z 0-9 _ - and start with a letter or digit; got ${quote(i.input)}`,
  }),
  name: z.string().trim().min(1, 'name must not be empty').max(200, 'name is longer than 200'),
  enabled: z.boolean().default(true),
};

const bodyTemplateSchema = z
  .string()
  .max(65_536, 'bodyTemplate is longer than 64 KiB')
  .superRefine((text, ctx) => {
    const problem = describeBodyTemplateProblem(text);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** Why a webhook body template would not render, or null: it must be JSON with known paths. */
export function describeBodyTemplateProblem(text: string): string | null {
  try {
    JSON.parse(text);
  } catch (error) {
    return `bodyTemplate must be JSON text (placeholders go inside strings): ${(error as Error).message}`;
  }

  const roots: readonly string[] = BODY_PLACEHOLDER_ROOTS;
  for (const match of text.matchAll(BODY_PLACEHOLDER)) {
    const root = (match[1] ?? '').split('.')[0] ?? '';
    if (!roots.includes(root)) {
      return `bodyTemplate placeholder ${quote(match[0])} starts with ${quote(root)}; expected one of ${BODY_PLACEHOLDER_ROOTS.join(', ')}`;
    }
  }

  return null;
}

const webhookShape = {
  ...common,
  kind: z.literal('webhook'),
  url: httpUrl('url'),
  method: z.enum(['POST', 'PUT'], 'method must be POST or PUT').default('POST'),
  /** Sent as given; values (tokens) never appear in messages or logs. */
  headers: headersSchema.optional(),
  /** JSON text with `{{path}}` placeholders; without it the Notification itself is sent. */
  bodyTemplate: bodyTemplateSchema.optional(),
};

const slackShape = {
  ...common,
  kind: z.literal('slack'),
  webhookUrl: httpUrl('webhookUrl'),
};

const dingtalkShape = {
  ...common,
  kind: z.literal('dingtalk'),
  /** `https://oapi.dingtalk.com/robot/send?access_token=...` */
  webhookUrl: httpUrl('webhookUrl'),
  /** The robot's signing secret (`SEC...`); without it no signature is sent. */
  secret: z.string().min(1, 'secret must not be empty').optional(),
};

const feishuShape = {
  ...common,
  kind: z.literal('feishu'),
  /** `https://open.feishu.cn/open-apis/bot/v2/hook/...` (or the Lark domain). */
  webhookUrl: httpUrl('webhookUrl'),
  secret: z.string().min(1, 'secret must not be empty').optional(),
};

const wecomShape = {
  ...common,
  kind: z.literal('wecom'),
  /** `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=...` */
  webhookUrl: httpUrl('webhookUrl'),
};

const smtpShape = {
  host: z.string().min(1, 'smtp.host must not be empty').max(253),
  port: z.number().int().min(1).max(65_535, 'smtp.port must be 1-65535'),
  /** TLS from the first byte (port 465); false uses STARTTLS when the server offers it. */
  secure: z.boolean(),
  username: z.string().min(1).optional(),
  password: z.string().min(1).optional(),
  tlsRejectUnauthorized: z.boolean().optional(),
};

const emailAddress = z.string().refine((a) => ADDRESS.test(a) || NAMED_ADDRESS.test(a), {
  error: (i) => `expected an address such as ops@example.com; got ${quote(i.input)}`,
});

const emailShape = {
  ...common,
  kind: z.literal('email'),
  smtp: strict(smtpShape).refine((s) => s.password === undefined || s.username !== undefined, {
    message: 'smtp.password needs smtp.username',
    path: ['username'],
  }),
  from: emailAddress,
  to: z
    .array(emailAddress)
    .min(1, 'to needs at least one recipient')
    .max(100, 'to has more than 100 recipients'),
};

const desktopShape = {
  ...common,
  kind: z.literal('desktop'),
  /** Only Alerts whose labels have all of these values are shown. */
  labelFilter: z.record(z.string().min(1), z.string()).optional(),
};

const alertmanagerShape = {
  ...common,
  kind: z.literal('alertmanager'),
  /** Alertmanager's base URL, `http://alertmanager:9093`; `/api/v2/alerts` is appended. */
  url: httpUrl('url'),
  headers: headersSchema.optional(),
};

/** POSTs or PUTs the Notification JSON (or a filled-in body template) to a URL. */
export const WebhookChannelSchema = strict(webhookShape);
/** A Slack-compatible incoming webhook: `{ text, blocks }`. */
export const SlackChannelSchema = strict(slackShape);
/** A DingTalk group robot, signed when `secret` is set; success is `errcode: 0`. */
export const DingtalkChannelSchema = strict(dingtalkShape);
/** A Feishu/Lark custom bot, signed when `secret` is set; success is `code: 0`. */
export const FeishuChannelSchema = strict(feishuShape);
/** A WeCom group robot; success is `errcode: 0`. */
export const WecomChannelSchema = strict(wecomShape);
/** One message per Notification to every recipient, through an SMTP server. */
export const EmailChannelSchema = strict(emailShape);
/** Hands Notifications to the desktop shell; logged (no body) on a headless node. */
export const DesktopChannelSchema = strict(desktopShape);
/** Forwards Alerts to Prometheus Alertmanager, `POST /api/v2/alerts`. */
export const AlertmanagerChannelSchema = strict(alertmanagerShape);

/** Where Notifications go; `kind` picks the fields. Unknown keys are refused. */
export const ChannelSchema = z.discriminatedUnion(
  'kind',
  [
    WebhookChannelSchema,
    SlackChannelSchema,
    DingtalkChannelSchema,
    FeishuChannelSchema,
    WecomChannelSchema,
    EmailChannelSchema,
    DesktopChannelSchema,
    AlertmanagerChannelSchema,
  ],
  {
    error: (issue) =>
      issue.code === 'invalid_union'
        ? `kind must be one of ${CHANNEL_KINDS.join(', ')}; got ${describeKind(issue.input)}`
        : undefined,
  },
);

function describeKind(input: unknown): string {
  const kind =
    typeof input === 'object' && input !== null && 'kind' in input ? input.kind : undefined;
  return kind === undefined ? 'no kind' : quote(kind);
}

/** A validated channel. */
export type Channel = z.infer<typeof ChannelSchema>;
/** What a caller may send: defaults (`enabled`, `method`) filled in by the schema. */
export type ChannelInput = z.input<typeof ChannelSchema>;
export type ChannelKind = Channel['kind'];
export type WebhookChannel = z.infer<typeof WebhookChannelSchema>;
export type SlackChannel = z.infer<typeof SlackChannelSchema>;
export type DingtalkChannel = z.infer<typeof DingtalkChannelSchema>;
export type FeishuChannel = z.infer<typeof FeishuChannelSchema>;
export type WecomChannel = z.infer<typeof WecomChannelSchema>;
export type EmailChannel = z.infer<typeof EmailChannelSchema>;
export type DesktopChannel = z.infer<typeof DesktopChannelSchema>;
export type AlertmanagerChannel = z.infer<typeof AlertmanagerChannelSchema>;
