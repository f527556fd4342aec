import { z } from 'zod';
import { onlyKeys, quote } from '../zod-messages.js';

/** Default deadline of one source call, in ms. */
export const SOURCE_DEFAULT_TIMEOUT_MS = 10_000;

/** Longest deadline a source config may ask for, in ms. */
export const SOURCE_MAX_TIMEOUT_MS = 120_000;

/** Most points a range query may ask for, as in Prometheus: (toMs - fromMs) / stepMs + 1. */
export const MAX_RANGE_POINTS = 11_000;

/** The kinds of metric source a Rule can read. */
export const SOURCE_KINDS = ['prometheus', 'druid', 'http-json', 'queues', 'recorded'] as const;

/** What a `queues` source reads from a Bull Queue of the same Profile. */
export const QUEUE_METRICS = [
  'waiting',
  'active',
  'delayed',
  'failed',
  'completed',
  'failed_per_minute',
  'completed_per_minute',
] as const;

const QUEUE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

const urlSchema = z
  .url({ protocol: /^https?$/, error: 'expected an absolute http or https URL' })
  .refine((text) => !/^[a-z]+:\/\/[^/?#]*@/i.test(text), {
    // Credentials in a URL end up in messages and logs; the fields below never do.
    message: 'the URL must not carry credentials; use basicAuth or bearerToken',
  });

const headerNameSchema = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, {
  error: (i) => `invalid header name ${quote(i.input)}`,
});
const headerValueSchema = z.string().regex(/^[^\r\n\0]*$/, 'header values cannot hold line breaks');
const timeoutSchema = z
  .number({ error: 'timeoutMs must be a number of milliseconds' })
  .int('timeoutMs must be whole milliseconds')
  .positive('timeoutMs must be positive')
  .max(SOURCE_MAX_TIMEOUT_MS, `timeoutMs must be at most ${SOURCE_MAX_TIMEOUT_MS}`)
  .default(SOURCE_DEFAULT_TIMEOUT_MS);

const httpShape = {
  url: urlSchema,
  headers: z.record(headerNameSchema, headerValueSchema).optional(),
  bearerToken: z
    .string()
    .min(1, 'bearerToken must not be empty')
    .pipe(headerValueSchema)
    .optional(),
  basicAuth: z
    .strictObject({
      username: z
        .string()
        .min(1, 'username must not be empty')
        .regex(/^[^:]*$/, 'no ":" here'),
      password: z.string(),
    })
    .optional(),
  timeoutMs: timeoutSchema,
};

type HttpAuth = {
  headers?: Record<string, string> | undefined;
  bearerToken?: string | undefined;
  basicAuth?: unknown;
};

/** Refuses two sources for the Authorization header: which one wins would be a guess. */
function checkAuth(config: HttpAuth, ctx: z.core.$RefinementCtx): void {
  const hasHeader = Object.keys(config.headers ?? {}).some(
    (k) => k.toLowerCase() === 'authorization',
  );
  const given = [
    hasHeader && 'an Authorization header',
    config.bearerToken !== undefined && 'bearerToken',
    config.basicAuth !== undefined && 'basicAuth',
  ].filter((g): g is string => g !== false);
  if (given.length < 2) return;

  ctx.addIssue({
    code: 'custom',
    message: `give one of bearerToken, basicAuth or an Authorization header; got ${given.join(' and ')}`,
  });
}

const jsonPathSchema = z
  .string({ error: 'expected a JSONPath string' })
  .max(512, 'JSONPath is longer than 512')
  .regex(/^\$/, { error: (i) => `a JSONPath starts with "$"; got ${quote(i.input)}` });

const prometheusShape = { kind: z.literal('prometheus'), ...httpShape };
const druidShape = { kind: z.literal('druid'), ...httpShape };
const httpJsonShape = {
  kind: z.literal('http-json'),
  ...httpShape,
  method: z.enum(['GET', 'POST'], { error: 'method must be GET or POST' }).default('GET'),
  body: z.union([z.string(), z.json()]).optional(),
  /** Selects the value within each item (see itemsPath). */
  valuePath: jsonPathSchema,
  /** Label name to a JSONPath within each item; a path that selects nothing leaves it out. */
  labelPaths: z
    .record(
      z.string().regex(LABEL_NAME, { error: (i) => `invalid label name ${quote(i.input)}` }),
      jsonPathSchema,
    )
    .optional(),
  /** Selects the items of the response; one series per label set. Default `$`, one item. */
  itemsPath: jsonPathSchema.optional(),
  /** Selects each item's time (epoch ms or ISO 8601); without it, the query's time is used. */
  timePath: jsonPathSchema.optional(),
};
const queuesShape = {
  kind: z.literal('queues'),
  queue: z.string().regex(QUEUE_NAME, {
    error: (i) =>
      `queue must be 1-64 of A-Z a-z 0-9 _ . - (no ":" or braces); got ${quote(i.input)}`,
  }),
  metric: z.enum(QUEUE_METRICS, {
    error: (i) => `metric must be one of ${QUEUE_METRICS.join(', ')}; got ${quote(i.input)}`,
  }),
};

/** A recorded set's name: it is part of Redis keys, so no ":" or braces. */
export const RecordedSetNameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, {
  error: (i) =>
    `set name must be 1-128 of A-Z a-z 0-9 _ . - (no ":" or braces); got ${quote(i.input)}`,
});

const recordedShape = { kind: z.literal('recorded'), series: RecordedSetNameSchema };

/** A Prometheus server (or anything speaking its HTTP API); queries are PromQL. */
export const PrometheusSourceSchema = z
  .strictObject(prometheusShape, onlyKeys(prometheusShape))
  .superRefine(checkAuth);

/** A Druid router or broker; queries are Druid SQL (see main/alerts/sources/druid-source.ts). */
export const DruidSourceSchema = z
  .strictObject(druidShape, onlyKeys(druidShape))
  .superRefine(checkAuth);

/** Any HTTP endpoint answering JSON; the query text is not used. */
export const HttpJsonSourceSchema = z
  .strictObject(httpJsonShape, onlyKeys(httpJsonShape))
  .superRefine(checkAuth)
  .refine((c) => c.body === undefined || c.method === 'POST', {
    message: 'only POST requests carry a body',
    path: ['body'],
  });

/** Counts and per-minute rates of one Bull Queue of the Profile; the query text is not used. */
export const QueuesSourceSchema = z.strictObject(queuesShape, onlyKeys(queuesShape));

/** A set of series recorded in the Profile's Redis; the query text is not used. */
export const RecordedSourceSchema = z.strictObject(recordedShape, onlyKeys(recordedShape));

/** Where a Rule reads its series, discriminated on `kind`. */
export const SourceConfigSchema = z.discriminatedUnion(
  'kind',
  [
    PrometheusSourceSchema,
    DruidSourceSchema,
    HttpJsonSourceSchema,
    QueuesSourceSchema,
    RecordedSourceSchema,
  ],
  {
    error: (issue) =>
      issue.code === 'invalid_union'
        ? `kind must be one of ${SOURCE_KINDS.join(', ')}; got ${quote(
            (issue.input as { kind?: unknown } | undefined)?.kind,
          )}`
        : undefined,
  },
);

export type SourceConfig = z.infer<typeof SourceConfigSchema>;
export type SourceConfigInput = z.input<typeof SourceConfigSchema>;
export type SourceKind = SourceConfig['kind'];
export type QueueMetric = (typeof QUEUE_METRICS)[number];
export type PrometheusSourceConfig = z.infer<typeof PrometheusSourceSchema>;
export type DruidSourceConfig = z.infer<typeof DruidSourceSchema>;
export type HttpJsonSourceConfig = z.infer<typeof HttpJsonSourceSchema>;
export type QueuesSourceConfig = z.infer<typeof QueuesSourceSchema>;
export type RecordedSourceConfig = z.infer<typeof RecordedSourceSchema>;

const querySchema = z.string().max(65_536, 'query is longer than 64 KiB').default('');
const timeSchema = z.number({ error: 'expected epoch ms' }).int('expected whole epoch ms');

/** One evaluation at `atMs` (epoch ms); `query` is PromQL, Druid SQL, or unused. */
export const InstantQuerySchema = z.strictObject({ query: querySchema, atMs: timeSchema });

/** Samples from `fromMs` to `toMs` inclusive (epoch ms), every `stepMs` where the source steps. */
export const RangeQuerySchema = z
  .strictObject({
    query: querySchema,
    fromMs: timeSchema,
    toMs: timeSchema,
    stepMs: z.number().int('stepMs must be whole ms').positive('stepMs must be positive'),
  })
  .refine((q) => q.fromMs <= q.toMs, { message: 'fromMs must not be after toMs', path: ['toMs'] })
  .refine((q) => (q.toMs - q.fromMs) / q.stepMs + 1 <= MAX_RANGE_POINTS, {
    message: `the range holds more than ${MAX_RANGE_POINTS} steps; raise stepMs`,
    path: ['stepMs'],
  });

export type InstantQuery = z.infer<typeof InstantQuerySchema>;
export type RangeQuery = z.infer<typeof RangeQuerySchema>;

/** A query to a source: instant (`atMs`) or range (`fromMs`, `toMs`, `stepMs`). */
export type SourceQuery = InstantQuery | RangeQuery;
