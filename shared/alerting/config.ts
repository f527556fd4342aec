import { z } from 'zod';
import { ChannelSchema } from './channel.js';
import { LabelMatcherSchema } from './matchers.js';
import { FileScheduleSchema } from '../schedule.js';
import { RuleSchema } from './rule.js';
import { SourceConfigSchema } from './source.js';

const ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const id = (field: string) =>
  z.string().regex(ID, `${field} must be 1-64 of a-z 0-9 _ - and start with a letter or digit`);
const ms = (field: string, max: number) =>
  z.number().int(`${field} must be whole ms`).min(0, `${field} must be at least 0`).max(max);

/** A named metric source that Rules refer to by id (`source.sourceId`). */
export const SourceDefSchema = z.strictObject({
  id: id('source id'),
  name: z.string().trim().min(1).max(200),
  config: SourceConfigSchema,
});

/**
 * Where Alerts go: the first Route whose matchers all match an Alert's labels takes it (and the
 * next ones too while `continue` is set). Alerts of a Route are grouped by `groupBy` labels.
 * Times in ms, as in Alertmanager: group wait, group interval, repeat interval.
 */
export const RouteSchema = z.strictObject({
  id: id('route id'),
  matchers: z.array(LabelMatcherSchema).max(32).default([]),
  channels: z.array(id('channel id')).min(1, 'a route names at least one channel').max(32),
  groupBy: z.array(z.string().min(1).max(128)).max(16).default(['alertname']),
  groupWaitMs: ms('groupWaitMs', 3_600_000).default(0),
  groupIntervalMs: ms('groupIntervalMs', 86_400_000).default(300_000),
  repeatIntervalMs: ms('repeatIntervalMs', 7 * 86_400_000).default(4 * 3_600_000),
  continue: z.boolean().default(false),
});

/** Mutes Notifications of matching Alerts between two times (epoch ms). */
export const SilenceSchema = z
  .strictObject({
    id: id('silence id'),
    matchers: z.array(LabelMatcherSchema).min(1, 'a silence needs at least one matcher').max(32),
    startsAtMs: z.number().int(),
    endsAtMs: z.number().int(),
    createdBy: z.string().trim().min(1, 'createdBy must not be empty').max(200),
    comment: z.string().max(2_000).default(''),
  })
  .refine((s) => s.endsAtMs > s.startsAtMs, {
    message: 'endsAtMs must be after startsAtMs',
    path: ['endsAtMs'],
  });

/** The configuration-as-code document `dipper apply` reads and `dipper export` writes. */
export const AlertingDocumentSchema = z.strictObject({
  version: z.literal(1),
  sources: z.array(SourceDefSchema).default([]),
  channels: z.array(ChannelSchema).default([]),
  routes: z.array(RouteSchema).default([]),
  rules: z.array(RuleSchema).default([]),
  schedules: z.array(FileScheduleSchema).default([]),
});

export type SourceDef = z.infer<typeof SourceDefSchema>;
export type Route = z.infer<typeof RouteSchema>;
export type Silence = z.infer<typeof SilenceSchema>;
export type AlertingDocument = z.infer<typeof AlertingDocumentSchema>;
