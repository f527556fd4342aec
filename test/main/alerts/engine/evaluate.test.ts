import { describe, expect, it } from 'vitest';
import {
  evaluateRule,
  RULE_LEVEL_KEY,
  type QueryOutcome,
} from '../../../../main/alerts/engine/evaluate.js';
import type { AlertInstance } from '../../../../shared/alerting/alert.js';
import { RuleSchema, type Rule, type RuleInput } from '../../../../shared/alerting/rule.js';
import { seriesKey, type Series } from '../../../../shared/alerting/series.js';

const T0 = Date.parse('2026-05-01T10:00:00Z');
const MINUTE = 60_000;

function ruleWith(overrides: Partial<RuleInput> = {}): Rule {
  return RuleSchema.parse({
    id: 'disk-full',
    name: 'Disk almost full',
    source: { sourceId: 'prom', query: 'disk_used_percent' },
    condition: { op: '>', threshold: 90 },
    evaluate: { cron: '* * * * *' },
    severity: 'critical',
    summary: '{{ $labels.app }} disk at {{ $value }}% (over {{ $threshold }}%)',
    ...overrides,
  });
}

/**
 * One tick's query result: a number is series `app=a`; an object maps app names to values
 * (apps left out are absent); `none` is a result without series; `error` a failed query.
 */
type TickInput = number | Record<string, number> | 'none' | 'error';

function outcomeOf(input: TickInput): QueryOutcome {
  if (input === 'error') return { ok: false, error: 'connect ECONNREFUSED 127.0.0.1:9090' };
  if (input === 'none') return { ok: true, series: [] };

  const values = typeof input === 'number' ? { a: input } : input;
  const series: Series[] = Object.entries(values).map(([app, v], i) => ({
    labels: { app },
    samples: [
      { t: T0 - MINUTE, v: -1 },
      { t: T0 + i, v },
    ],
  }));

  return { ok: true, series };
}

/** `a`, `b`... for series, `*` for the Rule-level Alert. */
function nameOf(key: string, instance?: AlertInstance): string {
  return key === RULE_LEVEL_KEY ? '*' : (instance?.labels.app ?? key);
}

/** Per tick: the stored (non-normal) Alerts as `a=firing b=nodata`, and the transitions. */
function runTicks(rule: Rule, inputs: TickInput[]): [string, string][] {
  let previous = new Map<string, AlertInstance>();

  return inputs.map((input, tick) => {
    const result = evaluateRule(rule, outcomeOf(input), previous, T0 + tick * MINUTE);
    previous = result.instances;

    const states = [...result.instances]
      .map(([key, alert]) => `${nameOf(key, alert)}=${alert.state}`)
      .join(' ');
    const moves = result.transitions
      .map((t) => `${t.seriesKey === RULE_LEVEL_KEY ? '*' : t.labels.app}:${t.from}>${t.to}`)
      .join(' ');

    return [states, moves];
  });
}

type Case = [string, Partial<RuleInput>, TickInput[], [string, string][]];

describe('evaluateRule', () => {
  describe('when one series crosses the threshold', () => {
    it.each<Case>([
      [
        'fires at once without a pending period and resolves once, then forgets',
        {},
        [50, 95, 96, 50, 50],
        [
          ['', ''],
          ['a=firing', 'a:normal>firing'],
          ['a=firing', ''],
          ['a=resolved', 'a:firing>resolved'],
          ['', 'a:resolved>normal'],
        ],
      ],
      [
        'waits forMs from the first tick the condition held before firing',
        { forMs: 2 * MINUTE },
        [95, 95, 95, 95, 50],
        [
          ['a=pending', 'a:normal>pending'],
          ['a=pending', ''],
          ['a=firing', 'a:pending>firing'],
          ['a=firing', ''],
          ['a=resolved', 'a:firing>resolved'],
        ],
      ],
      [
        'goes back to normal when the condition clears while pending, and restarts the wait',
        { forMs: 2 * MINUTE },
        [95, 50, 95, 95, 95],
        [
          ['a=pending', 'a:normal>pending'],
          ['', 'a:pending>normal'],
          ['a=pending', 'a:normal>pending'],
          ['a=pending', ''],
          ['a=firing', 'a:pending>firing'],
        ],
      ],
      [
        'fires again straight from resolved',
        {},
        [95, 50, 95],
        [
          ['a=firing', 'a:normal>firing'],
          ['a=resolved', 'a:firing>resolved'],
          ['a=firing', 'a:resolved>firing'],
        ],
      ],
      [
        'keeps firing for keepFiringForMs after the first clear, restarting when it holds again',
        { keepFiringForMs: 2 * MINUTE },
        [95, 50, 50, 95, 50, 50, 50, 50],
        [
          ['a=firing', 'a:normal>firing'],
          ['a=firing', ''],
          ['a=firing', ''],
          ['a=firing', ''],
          ['a=firing', ''],
          ['a=firing', ''],
          ['a=resolved', 'a:firing>resolved'],
          ['', 'a:resolved>normal'],
        ],
      ],
      [
        'holds a firing alert until the value is back at the resolve threshold (hysteresis)',
        { condition: { op: '>', threshold: 90, resolveThreshold: 80 } },
        [95, 85, 81, 80, 85, 95],
        [
          ['a=firing', 'a:normal>firing'],
          ['a=firing', ''],
          ['a=firing', ''],
          ['a=resolved', 'a:firing>resolved'],
          ['', 'a:resolved>normal'],
          ['a=firing', 'a:normal>firing'],
        ],
      ],
      [
        'judges a pending alert by the threshold, not the resolve threshold',
        { forMs: MINUTE, condition: { op: '>', threshold: 90, resolveThreshold: 80 } },
        [95, 85],
        [
          ['a=pending', 'a:normal>pending'],
          ['', 'a:pending>normal'],
        ],
      ],
      [
        'applies hysteresis upwards for "<"',
        { condition: { op: '<', threshold: 10, resolveThreshold: 20 } },
        [5, 15, 20, 25],
        [
          ['a=firing', 'a:normal>firing'],
          ['a=firing', ''],
          ['a=resolved', 'a:firing>resolved'],
          ['', 'a:resolved>normal'],
        ],
      ],
      [
        'treats a NaN value as no data',
        {},
        [95, Number.NaN, 95],
        [
          ['a=firing', 'a:normal>firing'],
          ['a=nodata', 'a:firing>nodata'],
          ['a=firing', 'a:nodata>firing'],
        ],
      ],
    ])('%s', (_name, overrides, inputs, expected) => {
      expect(runTicks(ruleWith(overrides), inputs)).toEqual(expected);
    });
  });

  describe('when a known series disappears', () => {
    it.each<Case>([
      [
        'moves it to nodata by default and back once it returns',
        {},
        [{ a: 95, b: 10 }, { b: 10 }, { b: 10 }, { a: 95, b: 10 }],
        [
          ['a=firing', 'a:normal>firing'],
          ['a=nodata', 'a:firing>nodata'],
          ['a=nodata', ''],
          ['a=firing', 'a:nodata>firing'],
        ],
      ],
      [
        'resolves it with noData ok',
        { noData: 'ok' },
        [{ a: 95, b: 10 }, { b: 10 }, { b: 10 }],
        [
          ['a=firing', 'a:normal>firing'],
          ['a=resolved', 'a:firing>resolved'],
          ['', 'a:resolved>normal'],
        ],
      ],
      [
        'keeps its state with noData keep',
        { noData: 'keep' },
        [{ a: 95, b: 10 }, { b: 10 }, { a: 50, b: 10 }],
        [
          ['a=firing', 'a:normal>firing'],
          ['a=firing', ''],
          ['a=resolved', 'a:firing>resolved'],
        ],
      ],
      [
        'counts it as holding the condition with noData alerting, pending period included',
        { noData: 'alerting', forMs: MINUTE },
        [{ a: 95, b: 1 }, { b: 1 }, { b: 1 }],
        [
          ['a=pending', 'a:normal>pending'],
          ['a=firing', 'a:pending>firing'],
          ['a=firing', ''],
        ],
      ],
      [
        'ends a resolved alert whose series is gone',
        {},
        [{ a: 95, b: 95 }, { b: 50, c: 1 }, { c: 1 }, { a: 1, c: 1 }],
        [
          ['a=firing b=firing', 'a:normal>firing b:normal>firing'],
          ['a=nodata b=resolved', 'a:firing>nodata b:firing>resolved'],
          ['a=nodata', 'b:resolved>normal'],
          ['', 'a:nodata>normal'],
        ],
      ],
      [
        'forgets a normal series silently',
        {},
        [{ a: 1, b: 95 }, { b: 95 }, { a: 95, b: 95 }],
        [
          ['b=firing', 'b:normal>firing'],
          ['b=firing', ''],
          ['a=firing b=firing', 'a:normal>firing'],
        ],
      ],
    ])('%s', (_name, overrides, inputs, expected) => {
      expect(runTicks(ruleWith(overrides), inputs)).toEqual(expected);
    });
  });

  describe('when the query returns no series at all', () => {
    it.each<Case>([
      [
        'raises one Rule-level nodata alert when nothing is stored, cleared by the next data',
        {},
        ['none', 'none', 50, 95],
        [
          ['*=nodata', '*:normal>nodata'],
          ['*=nodata', ''],
          ['', '*:nodata>normal'],
          ['a=firing', 'a:normal>firing'],
        ],
      ],
      [
        'moves every stored alert to nodata instead',
        { forMs: 5 * MINUTE },
        [{ a: 95, b: 95, c: 1 }, 'none', { a: 95, b: 1 }],
        [
          ['a=pending b=pending', 'a:normal>pending b:normal>pending'],
          ['a=nodata b=nodata', 'a:pending>nodata b:pending>nodata'],
          ['a=pending', 'a:nodata>pending b:nodata>normal'],
        ],
      ],
      [
        'fires the Rule-level alert with noData alerting and resolves it when data returns',
        { noData: 'alerting' },
        ['none', 10, 10],
        [
          ['*=firing', '*:normal>firing'],
          ['*=resolved', '*:firing>resolved'],
          ['', '*:resolved>normal'],
        ],
      ],
      [
        'does nothing with noData ok',
        { noData: 'ok' },
        ['none', 'none'],
        [
          ['', ''],
          ['', ''],
        ],
      ],
    ])('%s', (_name, overrides, inputs, expected) => {
      expect(runTicks(ruleWith(overrides), inputs)).toEqual(expected);
    });
  });

  describe('when the query fails', () => {
    it.each<Case>([
      [
        'raises one Rule-level error alert when nothing is stored',
        {},
        ['error', 'error', 50],
        [
          ['*=error', '*:normal>error'],
          ['*=error', ''],
          ['', '*:error>normal'],
        ],
      ],
      [
        'moves every stored alert to error, and a resolved one to normal',
        {},
        [{ a: 95, b: 95 }, { a: 95, b: 1 }, 'error', { a: 95, b: 1 }],
        [
          ['a=firing b=firing', 'a:normal>firing b:normal>firing'],
          ['a=firing b=resolved', 'b:firing>resolved'],
          ['a=error', 'a:firing>error b:resolved>normal'],
          ['a=firing', 'a:error>firing'],
        ],
      ],
      [
        'keeps firing alerts firing with onError keep',
        { onError: 'keep' },
        [95, 'error', 'error', 50],
        [
          ['a=firing', 'a:normal>firing'],
          ['a=firing', ''],
          ['a=firing', ''],
          ['a=resolved', 'a:firing>resolved'],
        ],
      ],
      [
        'fires the Rule-level alert with onError alerting after the pending period',
        { onError: 'alerting', forMs: MINUTE },
        ['error', 'error', 'error', 10, 10],
        [
          ['*=pending', '*:normal>pending'],
          ['*=firing', '*:pending>firing'],
          ['*=firing', ''],
          ['*=resolved', '*:firing>resolved'],
          ['', '*:resolved>normal'],
        ],
      ],
    ])('%s', (_name, overrides, inputs, expected) => {
      expect(runTicks(ruleWith(overrides), inputs)).toEqual(expected);
    });
  });

  describe('when an alert fires after its pending period', () => {
    it('records when the episode began, when it fired and when it resolved', () => {
      const rule = ruleWith({ forMs: MINUTE });
      let previous = new Map<string, AlertInstance>();
      const seen: AlertInstance[] = [];
      for (const [tick, value] of [95, 96, 97, 10].entries()) {
        previous = evaluateRule(rule, outcomeOf(value), previous, T0 + tick * MINUTE).instances;
        seen.push(previous.get(seriesKey({ app: 'a' }))!);
      }

      expect(seen).toEqual([
        {
          ruleId: 'disk-full',
          seriesKey: '{app="a"}',
          labels: { app: 'a' },
          state: 'pending',
          value: 95,
          activeSinceMs: T0,
          firingSinceMs: null,
          lastEvalMs: T0,
        },
        {
          ...seen[0],
          state: 'firing',
          value: 96,
          firingSinceMs: T0 + MINUTE,
          lastEvalMs: T0 + MINUTE,
        },
        { ...seen[1], value: 97, lastEvalMs: T0 + 2 * MINUTE },
        {
          ...seen[1],
          state: 'resolved',
          value: 10,
          lastEvalMs: T0 + 3 * MINUTE,
          resolvedAtMs: T0 + 3 * MINUTE,
        },
      ]);
    });
  });

  describe('when a transition is produced', () => {
    it('renders templates with the series labels, the Rule labels on top, and the value', () => {
      const rule = ruleWith({
        labels: { team: 'storage', app: 'overridden' },
        description: 'team {{ $labels.team }}, host {{ $labels.host }}',
      });
      const outcome: QueryOutcome = {
        ok: true,
        series: [{ labels: { app: 'web', host: 'h1' }, samples: [{ t: T0, v: 93.25 }] }],
      };

      const { transitions } = evaluateRule(rule, outcome, new Map(), T0);

      expect(transitions).toEqual([
        {
          ruleId: 'disk-full',
          seriesKey: '{app="web",host="h1"}',
          labels: { app: 'overridden', host: 'h1', team: 'storage' },
          from: 'normal',
          to: 'firing',
          atMs: T0,
          value: 93.25,
          threshold: 90,
          severity: 'critical',
          summary: 'overridden disk at 93.25% (over 90%)',
          description: 'team storage, host h1',
        },
      ]);
    });
  });

  describe('when a firing alert resolves under a resolve threshold', () => {
    it('records the resolve threshold that decided it, and the threshold for firing', () => {
      const rule = ruleWith({ condition: { op: '>', threshold: 90, resolveThreshold: 80 } });
      const fired = evaluateRule(rule, outcomeOf(95), new Map(), T0);

      const resolved = evaluateRule(rule, outcomeOf(79), fired.instances, T0 + MINUTE);

      expect(fired.transitions.map((t) => [t.to, t.value, t.threshold])).toEqual([
        ['firing', 95, 90],
      ]);
      expect(resolved.transitions.map((t) => [t.to, t.value, t.threshold])).toEqual([
        ['resolved', 79, 80],
      ]);
    });
  });

  describe('when a firing alert was acknowledged', () => {
    it('keeps the acknowledgement while it fires and drops it when it resolves', () => {
      const rule = ruleWith();
      const first = evaluateRule(rule, outcomeOf(95), new Map(), T0).instances;
      const key = seriesKey({ app: 'a' });
      first.set(key, { ...first.get(key)!, ackedBy: 'ana', ackedAtMs: T0 + 5 });

      const second = evaluateRule(rule, outcomeOf(96), first, T0 + MINUTE).instances;
      const third = evaluateRule(rule, outcomeOf(10), second, T0 + 2 * MINUTE).instances;

      expect(second.get(key)).toMatchObject({ state: 'firing', ackedBy: 'ana', ackedAtMs: T0 + 5 });
      expect(third.get(key)?.state).toBe('resolved');
      expect(third.get(key)).not.toHaveProperty('ackedBy');
    });
  });

  describe('when the evaluation is logged', () => {
    it('summarizes the states and reports the worst series and its value', () => {
      const rule = ruleWith({ forMs: MINUTE });
      const first = evaluateRule(rule, outcomeOf({ a: 95, b: 97, c: 1 }), new Map(), T0);

      const second = evaluateRule(
        rule,
        outcomeOf({ a: 91, b: 99, c: 2, d: 98 }),
        first.instances,
        T0 + MINUTE,
      );

      expect(second.evaluation).toEqual({
        ruleId: 'disk-full',
        atMs: T0 + MINUTE,
        series: 4,
        value: 99,
        threshold: 90,
        state: 'firing',
        states: { firing: 2, pending: 1, normal: 1 },
        transitions: 3,
      });
    });

    it('carries the query error', () => {
      const { evaluation } = evaluateRule(ruleWith(), outcomeOf('error'), new Map(), T0);

      expect(evaluation).toEqual({
        ruleId: 'disk-full',
        atMs: T0,
        series: 0,
        value: null,
        threshold: 90,
        state: 'error',
        states: { error: 1 },
        transitions: 1,
        error: 'connect ECONNREFUSED 127.0.0.1:9090',
      });
    });
  });
});
