import { z } from 'zod';
import type { Labels } from './series.js';

/** `=` equal, `!=` not equal, `=~` matches the regex, `!~` does not; regexes are anchored. */
export const MATCHER_OPS = ['=', '!=', '=~', '!~'] as const;

/** Longest regex a matcher may carry, in characters: enough for alternations of names. */
export const MAX_MATCHER_PATTERN_LENGTH = 256;

const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

function anchored(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`, 'u');
}

const matcherShape = {
  name: z.string().regex(LABEL_NAME, {
    error: (issue) =>
      `matcher name must be a label name (A-Z a-z 0-9 _, not starting with a digit); got ${JSON.stringify(issue.input)}`,
  }),
  op: z.enum(MATCHER_OPS, {
    error: (issue) => `matcher op must be one of =, !=, =~, !~; got ${JSON.stringify(issue.input)}`,
  }),
  value: z.string().max(1_024, 'matcher value is longer than 1024'),
};

/** One condition on one label, as in Prometheus and Alertmanager; a missing label is "". */
export const LabelMatcherSchema = z.strictObject(matcherShape).superRefine((matcher, ctx) => {
  if (matcher.op !== '=~' && matcher.op !== '!~') return;

  if (matcher.value.length > MAX_MATCHER_PATTERN_LENGTH) {
    const message = `matcher regex is longer than ${MAX_MATCHER_PATTERN_LENGTH}`;
    ctx.addIssue({ code: 'custom', path: ['value'], message });
    return;
  }
  try {
    anchored(matcher.value);
  } catch (error) {
    const message = `matcher regex ${JSON.stringify(matcher.value)} does not compile: ${(error as Error).message}`;
    ctx.addIssue({ code: 'custom', path: ['value'], message });
  }
});

export type LabelMatcher = z.infer<typeof LabelMatcherSchema>;

/** A test for label sets that holds when every matcher does; validate the matchers first. */
export function compileMatchers(matchers: readonly LabelMatcher[]): (labels: Labels) => boolean {
  const tests = matchers.map(({ name, op, value }) => {
    const regex = op === '=~' || op === '!~' ? anchored(value) : null;
    return (labels: Labels) => {
      const actual = Object.hasOwn(labels, name) ? (labels[name] ?? '') : '';
      if (op === '=') return actual === value;
      if (op === '!=') return actual !== value;

      return regex?.test(actual) === (op === '=~');
    };
  });

  return (labels) => tests.every((test) => test(labels));
}

/** Matchers as people write them: `app="web",env=~"prod.*"`. */
export function formatMatchers(matchers: readonly LabelMatcher[]): string {
  return matchers.map((m) => `${m.name}${m.op}${JSON.stringify(m.value)}`).join(',');
}
