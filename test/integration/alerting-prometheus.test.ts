import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../main/log/logger.js';
import { startNode, type DipperNode } from '../../main/node/node.js';
import { builtinProcessors } from '../../main/queues/builtin-processors.js';
import { createProcessorRegistry } from '../../main/queues/processor.js';
import type { Notification } from '../../shared/alerting/notification.js';
import { startHttpReceiver, type HttpReceiver } from '../harness/http-receiver.js';
import { startTestPrometheus, type TestPrometheus } from '../harness/prometheus.js';
import { startTestRedis, uniquePrefix, type TestRedis } from '../harness/redis.js';
import { waitFor } from '../harness/wait.js';

describe('alerting against a real Prometheus', () => {
  let redis: TestRedis;
  let prometheus: TestPrometheus;
  let receiver: HttpReceiver;
  let node: DipperNode;

  beforeAll(async () => {
    [redis, prometheus, receiver] = await Promise.all([
      startTestRedis(),
      startTestPrometheus(),
      startHttpReceiver(),
    ]);
    prometheus.setValue('js_errors_total', { app: 'web' }, 5);
    await prometheus.waitForValue('js_errors_total', 5);
    node = await startNode({
      target: { kind: 'standalone', options: { host: '127.0.0.1', port: redis.port } },
      prefix: uniquePrefix('alerting'),
      processors: createProcessorRegistry(builtinProcessors()),
      log: createLogger('test'),
    });
  });

  afterAll(async () => {
    await node?.stop();
    await Promise.all([redis?.stop(), prometheus?.stop(), receiver?.close()]);
  });

  it('goes pending, firing and resolved, and the webhook hears firing then resolved once each', async () => {
    const config = node.alerting!.config;
    expect(
      (
        await config.sources.save({
          id: 'prom',
          name: 'Prometheus',
          config: { kind: 'prometheus', url: prometheus.url },
        })
      ).ok,
    ).toBe(true);
    expect(
      (
        await config.channels.save({
          id: 'hook',
          name: 'Webhook',
          kind: 'webhook',
          url: `${receiver.url}/alerts`,
          enabled: true,
        })
      ).ok,
    ).toBe(true);
    // Grouped as Alertmanager does: the first firing waits 1 s, later changes 2 s apart.
    const route = {
      id: 'all',
      channels: ['hook'],
      groupBy: ['app'],
      groupWaitMs: 1_000,
      groupIntervalMs: 2_000,
    };
    expect((await config.routes.save(route)).ok).toBe(true);
    const saved = await config.saveRule({
      id: 'js-errors',
      name: 'JS errors',
      source: { sourceId: 'prom', query: 'js_errors_total' },
      condition: { op: '>', threshold: 10 },
      evaluate: { cron: '* * * * * *', tz: 'UTC' },
      forMs: 2_000,
      severity: 'critical',
      summary: '{{ $labels.app }} has {{ $value }} JS errors',
    });
    expect(saved.ok ? saved.value.id : saved.message).toBe('js-errors');

    prometheus.setValue('js_errors_total', { app: 'web' }, 50);
    const firing = await receiver.waitForRequests(1, 30_000);
    prometheus.setValue('js_errors_total', { app: 'web' }, 1);
    const both = await receiver.waitForRequests(2, 30_000);

    const bodies = both.map((r) => r.body as Notification);
    expect(firing[0]?.path).toBe('/alerts');
    expect(bodies.map((b) => b.status)).toEqual(['firing', 'resolved']);
    expect(bodies[0]?.alerts[0]).toMatchObject({
      ruleId: 'js-errors',
      labels: { alertname: 'JS errors', app: 'web', instance: prometheus.instance, job: 'web' },
      annotations: { summary: 'web has 50 JS errors' },
      severity: 'critical',
      value: 50,
      threshold: 10,
    });
    expect(bodies[1]?.alerts[0]).toMatchObject({ state: 'resolved', value: 1 });
    expect(bodies.map((b) => b.groupLabels)).toEqual([{ app: 'web' }, { app: 'web' }]);
    expect(both[0]?.headers['x-dipper-idempotency-key']).toMatch(
      /^group\.all\.[0-9a-f]{16}\.firing\.\d+$/,
    );
    // The firing waited out the group wait after the transition that made it.
    const firingAt = bodies[0]?.sentAtMs ?? 0;
    expect(firingAt - (bodies[0]?.alerts[0]?.startsAtMs ?? 0)).toBe(1_000);

    const page = await waitFor(async () => {
      const history = await node.alerting!.history.query({
        fromMs: 0,
        toMs: Date.now() + 1_000,
        ruleId: 'js-errors',
        limit: 50,
      });
      const transitions = history.ok
        ? history.value.entries.filter((e) => e.kind === 'transition')
        : [];
      return transitions.length >= 4 ? transitions : null;
    }, 'four transitions in the history');
    const moves = page.map((e) => (e.kind === 'transition' ? `${e.from}>${e.to}` : '')).reverse();
    expect(moves).toEqual([
      'normal>pending',
      'pending>firing',
      'firing>resolved',
      'resolved>normal',
    ]);

    const sent = await waitFor(async () => {
      const history = await node.alerting!.history.query({
        fromMs: 0,
        toMs: Date.now() + 1_000,
        ruleId: 'js-errors',
        kinds: ['notification'],
        limit: 10,
      });
      return history.ok && history.value.entries.length >= 2 ? history.value.entries : null;
    }, 'two delivery attempts in the history');
    expect(
      sent.map((e) =>
        e.kind === 'notification' ? [e.status, e.outcome, e.channel, e.labels] : [],
      ),
    ).toEqual([
      ['resolved', 'sent', 'hook', { app: 'web' }],
      ['firing', 'sent', 'hook', { app: 'web' }],
    ]);

    // One firing and one resolved, even though every node evaluates every second.
    await new Promise((r) => setTimeout(r, 2_000));
    expect(receiver.requests).toHaveLength(2);
  });
});
