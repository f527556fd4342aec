import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayRule, type ReplayDeps } from '../../../../main/alerts/replay/replay.js';
import { RouteSchema } from '../../../../shared/alerting/config.js';
import { RuleSchema } from '../../../../shared/alerting/rule.js';
import { startTestPrometheus, type TestPrometheus } from '../../../harness/prometheus.js';
import { waitFor } from '../../../harness/wait.js';
import { quietLog } from '../../queues/queue-harness.js';

const rule = RuleSchema.parse({
  id: 'js-errors',
  name: 'JS errors',
  source: { sourceId: 'prom', query: 'js_errors_total' },
  condition: { op: '>', threshold: 10 },
  evaluate: { cron: '* * * * * *', tz: 'UTC' },
  severity: 'critical',
  summary: '{{ $labels.app }} has {{ $value }} JS errors',
});

describe('replayRule against a real Prometheus', () => {
  let prometheus: TestPrometheus;
  let deps: ReplayDeps;

  beforeAll(async () => {
    prometheus = await startTestPrometheus();
    deps = {
      getSource: async (id) => ({
        id,
        name: 'Prometheus',
        config: { kind: 'prometheus', url: prometheus.url, timeoutMs: 10_000 },
      }),
      sourceDeps: { log: quietLog },
      routes: [RouteSchema.parse({ id: 'all', channels: ['hook'], groupBy: ['app'] })],
    };
  });

  afterAll(async () => {
    await prometheus?.stop();
  });

  describe('when a series rises above the threshold and falls back within a few seconds', () => {
    it('fires and resolves once, on whole-second ticks', async () => {
      prometheus.setValue('js_errors_total', { app: 'web' }, 5);
      await prometheus.waitForValue('js_errors_total', 5);
      const fromMs = Date.now();
      prometheus.setValue('js_errors_total', { app: 'web' }, 50);
      await prometheus.waitForValue('js_errors_total', 50);
      const risenMs = Date.now();
      prometheus.setValue('js_errors_total', { app: 'web' }, 1);
      await prometheus.waitForValue('js_errors_total', 1);
      // Two more second ticks with the low value, so the resolved Alert also becomes normal.
      const toMs = Math.ceil(Date.now() / 1_000) * 1_000 + 2_000;
      await waitFor(() => Date.now() > toMs + 1_000, 'the window to be in the past');

      const result = await replayRule(rule, { fromMs, toMs }, deps);

      if (!result.ok) throw new Error(result.message);
      const { transitions, notifications } = result.value;
      expect(transitions.map((t) => `${t.from}>${t.to} ${t.value}`)).toEqual([
        'normal>firing 50',
        'firing>resolved 1',
        'resolved>normal 1',
      ]);
      const [firing, resolved] = transitions;
      expect(firing?.labels).toEqual({ __name__: 'js_errors_total', app: 'web', ...target() });
      expect(firing?.atMs).toBeGreaterThan(fromMs);
      expect(firing?.atMs).toBeLessThanOrEqual(risenMs + 1_000);
      expect(firing?.atMs).toBeLessThan(resolved?.atMs ?? 0);
      expect(transitions.every((t) => t.atMs % 1_000 === 0)).toBe(true);
      expect(notifications.map((n) => [n.atMs, n.status, n.groupLabels])).toEqual([
        [firing?.atMs, 'firing', { app: 'web' }],
        [resolved?.atMs, 'resolved', { app: 'web' }],
      ]);
      expect(result.value).toMatchObject({ series: 1, queryStepMs: 1_000, warmupTicks: 0 });
      expect(result.value.firingMs).toEqual({
        [firing?.seriesKey ?? '']: (resolved?.atMs ?? 0) - (firing?.atMs ?? 0),
      });
    });
  });

  function target() {
    return { instance: prometheus.instance, job: 'web' };
  }
});
