import { CronExpressionParser, type CronFieldCollection } from 'cron-parser';
import { DAY, HOUR, MINUTE, MONTH, SECOND, WEEKDAY, parseField, type FieldSpec } from './fields.js';

/** A validated expression: cron-parser's expanded fields plus what the cursor needs to know. */
export interface ParsedCron {
  fields: CronFieldCollection;
  /** Hour field `*` or a `*` step: fires by elapsed time across DST changes, not wall clock. */
  isInterval: boolean;
  /** Day and weekday are both restricted (neither is `*`): a day matches either of them. */
  isDayEither: boolean;
}

/** Longest accepted expression, in characters; a 60-item seconds list fits easily. */
export const MAX_CRON_LENGTH = 512;

/** Standard macros only; cron-parser's table would also let @minutely, @weekdays and others in. */
const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const FIVE = [MINUTE, HOUR, DAY, MONTH, WEEKDAY];
const SIX = [SECOND, ...FIVE];
const EXPECTED_FIELDS =
  'expected 5 (minute hour day month weekday) or 6 (second minute hour day month weekday)';
const DATE_LIKE = /[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}|[0-9]:[0-9]{2}/;
/** Longest month in any year, February counting its leap day. */
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Most distinct expressions remembered (at most 512 characters each); then it starts over. */
const CACHE_SIZE = 4_096;
const cache = new Map<string, ParsedCron | string>();

/**
 * Parses an expression strictly: a ParsedCron, or a message naming the field and what was
 * expected. Results are shared per expression text: cron-parser takes about 65 us per parse and
 * thousands of schedules repeat a few expressions.
 */
export function parseCron(expression: string): ParsedCron | string {
  const trimmed = expression.trim();
  if (trimmed.length > MAX_CRON_LENGTH) {
    return `cron is ${trimmed.length} characters long; expected at most ${MAX_CRON_LENGTH}`;
  }

  const known = cache.get(trimmed);
  if (known !== undefined) return known;

  if (cache.size >= CACHE_SIZE) cache.clear();
  const parsed = parseTrimmed(trimmed);
  cache.set(trimmed, parsed);
  return parsed;
}

function parseTrimmed(trimmed: string): ParsedCron | string {
  const text = trimmed.startsWith('@') ? MACROS[trimmed.toLowerCase()] : trimmed;
  if (text === undefined) {
    return `cron "${trimmed}" is not a supported macro; expected ${Object.keys(MACROS).join(', ')}`;
  }

  const parts = text === '' ? [] : text.split(/[ \t]+/);
  const specs = parts.length === 6 ? SIX : parts.length === 5 ? FIVE : undefined;
  if (!specs) {
    if (DATE_LIKE.test(text)) {
      return `cron "${trimmed}" looks like a date, not a cron expression; ${EXPECTED_FIELDS} fields`;
    }
    const noun = parts.length === 1 ? 'field' : 'fields';
    return `cron "${trimmed}" has ${parts.length} ${noun}; ${EXPECTED_FIELDS}`;
  }

  const values = new Map<FieldSpec, number[]>();
  for (const [index, field] of specs.entries()) {
    const part = parts[index] ?? '';
    const parsed = parseField(field, part);
    if ('problem' in parsed) {
      const item = parsed.item === part ? '' : `: "${parsed.item}"`;
      return `cron "${trimmed}": ${field.name} field "${part}"${item} ${parsed.problem}`;
    }
    values.set(field, parsed.values);
  }

  const [day, month, weekday] = parts.slice(-3);
  const isDayEither = day !== '*' && weekday !== '*';
  if (!isDayEither && !canDayFallInMonth(values.get(DAY) ?? [], values.get(MONTH) ?? [])) {
    return `cron "${trimmed}" never fires: month field "${month}" has no day "${day}"`;
  }

  let fields: CronFieldCollection;
  try {
    fields = CronExpressionParser.parse(specs === FIVE ? `0 ${text}` : text).fields;
  } catch (error) {
    // The grammar above is stricter than cron-parser's; this is a guard, not an expected path.
    return `cron "${trimmed}" is rejected by cron-parser: ${(error as Error).message}`;
  }
  const hour = parts[specs.indexOf(HOUR)] ?? '';

  return { fields, isInterval: hour === '*' || hour.startsWith('*/'), isDayEither };
}

function canDayFallInMonth(days: number[], months: number[]): boolean {
  return months.some((month) => days.some((day) => day <= (MONTH_DAYS[month - 1] ?? 0)));
}
