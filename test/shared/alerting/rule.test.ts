import { describe, expect, it } from 'vitest';
import { RuleSchema, type RuleInput } from '../../../shared/alerting/rule.js';
import { parseWith } from '../../../shared/validation.js';

const MINIMAL: RuleInput = {
  id: 'api-latency',
  name: 'API latency',
  source: { sourceId: 'prom-main', query: 'histogram_quantile(0.99, rate(http_seconds[5m]))' },
  condition: { op: '>', threshold: 0.5 },
  evaluate: { cron: '*/30 * * * * *' },
  severity: 'warning',
  summary: '{{ $labels.app }} p99 is {{ $value }}s',
};
const RULE_KEYS =
  'id, name, source, condition, evaluate, forMs, keepFiringForMs, labels, severity, summary, ' +
  'description, noData, onError, spread, enabled';

function problemsWith(input: unknown): string | null {
  const result = parseWith(RuleSchema, input, 'rule');
  return result.ok ? null : result.message;
}

describe('RuleSchema', () => {
  describe('when the rule is minimal', () => {
    it('fills in the defaults', () => {
      expect(parseWith(RuleSchema, MINIMAL, 'rule')).toEqual({
        ok: true,
        value: {
          ...MINIMAL,
          evaluate: { cron: '*/30 * * * * *', tz: 'UTC' },
          forMs: 0,
          keepFiringForMs: 0,
          labels: {},
          description: '',
          noData: 'nodata',
          onError: 'error',
          spread: false,
          enabled: true,
        },
      });
    });
  });

  describe('when the resolve threshold is on the right side or equal', () => {
    it.each([
      ['>', 90, 80],
      ['>=', 90, 90],
      ['<', 10, 20],
      ['<=', 10, 10],
    ] as const)('accepts op %s threshold %d resolve %d', (op, threshold, resolveThreshold) => {
      expect(problemsWith({ ...MINIMAL, condition: { op, threshold, resolveThreshold } })).toBe(
        null,
      );
    });
  });

  describe('when one field is wrong', () => {
    it.each<[string, Record<string, unknown>, string]>([
      [
        'a bad id',
        { id: 'API Latency' },
        'id: id must be 1-64 of a-z 0-9 _ - and start with a letter or digit; got "API Latency"',
      ],
      [
        'a cron with four fields',
        { evaluate: { cron: '0 9 * *' } },
        'evaluate.cron: cron "0 9 * *" has 4 fields; expected 5 (minute hour day month weekday) or 6 (second minute hour day month weekday)',
      ],
      [
        'an unknown zone',
        { evaluate: { cron: '* * * * *', tz: 'Mars/Olympus' } },
        'evaluate.tz: time zone "Mars/Olympus" is not a known IANA zone; expected an IANA name such as "Europe/Berlin", "America/New_York" or "UTC"',
      ],
      [
        'an unknown op',
        { condition: { op: '=>', threshold: 1 } },
        'condition.op: op must be one of ">", ">=", "<", "<=", "==", "!="; got "=>"',
      ],
      [
        'a threshold that is not a number',
        { condition: { op: '>', threshold: '90' } },
        'condition.threshold: threshold must be a finite number; got "90"',
      ],
      [
        'a resolve threshold above the threshold of ">"',
        { condition: { op: '>', threshold: 90, resolveThreshold: 95 } },
        'condition.resolveThreshold: resolveThreshold 95 is on the wrong side of threshold 90: with op ">" an Alert resolves once the value is back below it, so expected at most 90',
      ],
      [
        'a resolve threshold below the threshold of "<="',
        { condition: { op: '<=', threshold: 10, resolveThreshold: 5 } },
        'condition.resolveThreshold: resolveThreshold 5 is on the wrong side of threshold 10: with op "<=" an Alert resolves once the value is back above it, so expected at least 10',
      ],
      [
        'a resolve threshold on "=="',
        { condition: { op: '==', threshold: 0, resolveThreshold: 1 } },
        'condition.resolveThreshold: resolveThreshold applies only to ops ">", ">=", "<", "<="; got op "=="',
      ],
      [
        'an unknown condition key',
        { condition: { op: '>', threshold: 1, for: '5m' } },
        'condition: unknown key "for"; expected only op, threshold, resolveThreshold',
      ],
      [
        'an empty query',
        { source: { sourceId: 'prom-main', query: '  ' } },
        'source.query: query must not be empty',
      ],
      ['a negative pending period', { forMs: -1 }, 'forMs: forMs must be at least 0 ms'],
      [
        'a fractional keep-firing period',
        { keepFiringForMs: 1.5 },
        'keepFiringForMs: keepFiringForMs must be a whole number of ms',
      ],
      [
        'an unknown severity',
        { severity: 'page' },
        'severity: severity must be one of "critical", "warning", "info"; got "page"',
      ],
      [
        'an unknown noData policy',
        { noData: 'ignore' },
        'noData: noData must be one of "keep", "ok", "alerting", "nodata"; got "ignore"',
      ],
      [
        'an unknown onError policy',
        { onError: 'ok' },
        'onError: onError must be one of "keep", "alerting", "error"; got "ok"',
      ],
      [
        'a label name with a dash',
        { labels: { 'on-call': 'db' } },
        'labels.on-call: label name must be 1-128 of A-Z a-z 0-9 _ and not start with a digit; got "on-call"',
      ],
      [
        'a misspelt placeholder in the summary',
        { summary: '{{ $lables.app }} is slow' },
        'summary: unknown placeholder "{{ $lables.app }}"; expected {{ $labels.<name> }}, {{ $value }} or {{ $threshold }}',
      ],
      [
        'an unclosed placeholder in the description',
        { description: 'value {{ $value' },
        'description: "{{" without a matching "}}" near "{{ $value"',
      ],
      ['an empty summary', { summary: '' }, 'summary: summary must not be empty'],
      ['an unknown key', { for: '5m' }, `(root): unknown key "for"; expected only ${RULE_KEYS}`],
    ])('refuses %s', (_what, change, expected) => {
      expect(problemsWith({ ...MINIMAL, ...change })).toBe(`invalid rule: ${expected}`);
    });
  });
});
