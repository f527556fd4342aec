import { describe, expect, it } from 'vitest';
import { createReplayNotifier } from '../../../../main/alerts/replay/replay-notifier.js';
import type { AlertInstance, AlertTransition } from '../../../../shared/alerting/alert.js';
import { RouteSchema, SilenceSchema } from '../../../../shared/alerting/config.js';
import { RuleSchema } from '../../../../shared/alerting/rule.js';

const MINUTE = 60_000;
const T0 = Date.parse('2024-05-01T10:00:00Z');
const KEY = '{app="web"}';

const rule = RuleSchema.parse({
  id: 'errors',
  name: 'Errors',
  source: { sourceId: 'prom', query: 'errors' },
  condition: { op: '>', threshold: 10 },
  evaluate: { cron: '* * * * *' },
  severity: 'critical',
  summary: 'x',
});

function firing(atMs: number): AlertInstance {
  const labels = { app: 'web' };
  const common = { ruleId: 'errors', seriesKey: KEY, labels, value: 50, lastEvalMs: atMs };
  return { ...common, state: 'firing', activeSinceMs: T0, firingSinceMs: T0 };
}

function fired(atMs: number): AlertTransition {
  return {
    ruleId: 'errors',
    seriesKey: KEY,
    labels: { app: 'web' },
    from: 'normal',
    to: 'firing',
    atMs,
    value: 50,
    threshold: 10,
    severity: 'critical',
    summary: 'x',
    description: '',
  };
}

describe('createReplayNotifier', () => {
  describe('when a Silence ends while the Alert still fires', () => {
    it('sends the first repeat at the first tick after it, as the notifier would', () => {
      const route = RouteSchema.parse({
        id: 'all',
        channels: ['hook'],
        repeatIntervalMs: 60 * MINUTE,
      });
      const silence = SilenceSchema.parse({
        id: 'deploy',
        matchers: [{ name: 'app', op: '=', value: 'web' }],
        startsAtMs: T0,
        endsAtMs: T0 + 2 * MINUTE,
        createdBy: 'ops',
      });
      const notifier = createReplayNotifier(rule, [route], [silence]);
      const alerts = (atMs: number) => new Map([[KEY, firing(atMs)]]);

      const ticks = [0, 1, 2, 3].map((m) => {
        const atMs = T0 + m * MINUTE;
        return notifier.plan(atMs, m === 0 ? [fired(atMs)] : [], alerts(atMs));
      });

      expect(ticks.map((planned) => planned.map((n) => [n.status, n.isRepeat]))).toEqual([
        [],
        [],
        [['firing', true]],
        [],
      ]);
    });
  });

  describe('when a matching route has continue set', () => {
    it("sends through it and the next matching route, grouped by each one's labels", () => {
      const routes = [
        RouteSchema.parse({ id: 'audit', channels: ['log'], groupBy: [], continue: true }),
        RouteSchema.parse({ id: 'pager', channels: ['pager', 'chat'], groupBy: ['app'] }),
        RouteSchema.parse({ id: 'unreached', channels: ['never'] }),
      ];
      const notifier = createReplayNotifier(rule, routes, []);

      const planned = notifier.plan(T0, [fired(T0)], new Map([[KEY, firing(T0)]]));

      expect(planned).toEqual([
        {
          atMs: T0,
          status: 'firing',
          isRepeat: false,
          routeId: 'audit',
          channels: ['log'],
          groupLabels: {},
          alerts: [KEY],
        },
        {
          atMs: T0,
          status: 'firing',
          isRepeat: false,
          routeId: 'pager',
          channels: ['pager', 'chat'],
          groupLabels: { app: 'web' },
          alerts: [KEY],
        },
      ]);
    });
  });
});
