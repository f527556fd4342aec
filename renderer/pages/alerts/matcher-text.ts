import { LabelMatcherSchema, type LabelMatcher } from '../../../shared/alerting/matchers.js';
import type { Labels } from '../../../shared/alerting/series.js';

// A value is quoted (with JSON escapes) or bare up to the next comma, as the CLI's --label takes
// it; a regex with a comma in it needs the quotes.
const MATCHER =
  /\s*([^\s=!~,"]+)\s*(=~|!~|!=|=)\s*(?:"((?:[^"\\]|\\.)*)"|([^,"\s][^,"]*?))\s*(,|$)/y;

/**
 * Matchers written as people write them, `app=web,env=~"prod.*"`, checked with the schema
 * main uses; the first problem is returned as a message.
 */
export function parseMatchers(text: string): { matchers: LabelMatcher[]; error: string | null } {
  const matchers: LabelMatcher[] = [];
  const source = text.trim();
  MATCHER.lastIndex = 0;

  while (MATCHER.lastIndex < source.length) {
    const at = MATCHER.lastIndex;
    const match = MATCHER.exec(source);
    if (!match) {
      const rest = JSON.stringify(source.slice(at, at + 40));
      return { matchers, error: `expected name=value or name="value" (op = != =~ !~) at ${rest}` };
    }
    const [, name = '', op = '', quoted, bare] = match;
    const value = quoted === undefined ? (bare ?? '') : unquote(quoted);
    if (value === null) return { matchers, error: `bad escape in "${quoted ?? ''}"` };
    const candidate = { name, op, value };
    const parsed = LabelMatcherSchema.safeParse(candidate);
    if (!parsed.success) return { matchers, error: parsed.error.issues[0]?.message ?? 'invalid' };
    matchers.push(parsed.data);
  }

  return { matchers, error: null };
}

/** The text between the quotes with its escapes undone; null for an escape JSON lacks. */
function unquote(inner: string): string | null {
  try {
    return JSON.parse(`"${inner}"`) as string;
  } catch {
    return null;
  }
}

/** Matchers that select exactly these labels: one `=` per label. */
export function matchersOf(labels: Labels): LabelMatcher[] {
  return Object.entries(labels).map(([name, value]) => ({ name, op: '=', value }));
}

/**
 * Matchers that select exactly this Alert as silences see it when notifying: its labels
 * (series and Rule labels) plus `alertname`, the Rule's name, which routing adds unless a
 * series label already has that name. Without the Rule's name, its labels alone.
 */
export function silenceMatchersOf(labels: Labels, ruleName: string | undefined): LabelMatcher[] {
  const seen =
    ruleName === undefined || 'alertname' in labels ? labels : { alertname: ruleName, ...labels };
  return matchersOf(seen);
}
