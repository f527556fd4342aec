import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULE_LEVEL_KEY } from '../../main/alerts/engine/evaluate.js';
import { createLogger } from '../../main/log/logger.js';
import { startNode, type DipperNode } from '../../main/node/node.js';
import { builtinProcessors } from '../../main/queues/builtin-processors.js';
import { createProcessorRegistry } from '../../main/queues/processor.js';
import type { EvaluationRecord } from '../../shared/alerting/alert.js';
import { startHttpReceiver, type HttpReceiver } from '../harness/http-receiver.js';
import { startTestRedis, uniquePrefix, type TestRedis } from '../harness/redis.js';
import { waitFor } from '../harness/wait.js';
import {
  closedPort,
  everySecondRule,
  httpJsonSource,
  must,
  notificationsFor,
  startMetricServer,
  transitionsOf,
  webhookChannel,
  type MetricServer,
} from './support/alerting.js';
import { standaloneTarget } from './support/observer.js';

/** One bad answer, the Rule that reads it, and the error its evaluation must record. */
interface BadSource {
  when: string;
  ruleId: string;
  /** The failure text, given the metric server's and the closed port's base URLs. */
  error: (metricsUrl: string, closedUrl: string) => string;
}

const BAD_SOURCES: BadSource[] = [
  {
    when: 'answers text that is not JSON',
    ruleId: 'not-json',
    error: (url) =>
      `expected JSON from ${url}/not-json, got text/plain; charset=utf-8: this is not json`,
  },
  {
    when: 'answers a value that is not a number',
    ruleId: 'not-a-number',
    error: () => 'item 1: valuePath $.value selects "n/a", expected a number',
  },
  {
    when: 'answers a body larger than 10 MB',
    ruleId: 'huge',
    error: (url) => `${url}/huge answered more than 10 MB; narrow the query`,
  },
  {
    when: 'answers later than its timeoutMs',
    ruleId: 'slow',
    error: (url) => `no answer from ${url}/slow within 500 ms`,
  },
  {
    when: 'answers HTTP 500',
    ruleId: 'broken',
    error: (url) => `${url}/broken answered HTTP 500: database is down`,
  },
  {
    when: 'listens on no port',
    ruleId: 'unreachable',
    error: (_url, closed) =>
      `cannot reach ${closed}/metrics: connect ECONNREFUSED ${closed.replace('http://', '')}`,
  },
  {
    when: 'was deleted after the rule was saved',
    ruleId: 'orphan',
    error: () => 'source "gone" does not exist',
  },
];

describe('alerting when sources answer badly', () => {
  let redis: TestRedis | undefined;
  let metrics: MetricServer | undefined;
  let receiver: HttpReceiver | undefined;
  let node: DipperNode | undefined;
  let closedUrl = '';

  beforeAll(async () => {
    [redis, metrics, receiver] = await Promise.all([
      startTestRedis(),
      startMetricServer(),
      startHttpReceiver(),
    ]);
    closedUrl = `http://127.0.0.1:${await closedPort()}`;
    node = await startNode({
      target: standaloneTarget(redis.port),
      prefix: uniquePrefix('alert-errors'),
      processors: createProcessorRegistry(builtinProcessors()),
      log: createLogger('test'),
    });
    const config = node.alerting?.config;
    if (!config) throw new Error('the node runs no alerting');

    metrics.setValue('/healthy', 50);
    metrics.setAnswer('/nan', { status: 200, body: { value: 'NaN' } });
    metrics.setAnswer('/not-a-number', { status: 200, body: { value: 'n/a' } });
    metrics.setAnswer('/not-json', { status: 200, body: 'this is not json' });
    metrics.setAnswer('/huge', { status: 200, body: 'x'.repeat(11 * 2 ** 20) });
    metrics.setAnswer('/slow', { status: 200, body: { value: 1 }, delayMs: 3_000 });
    metrics.setAnswer('/broken', { status: 500, body: 'database is down' });

    const sources = [
      httpJsonSource('healthy', `${metrics.url}/healthy`),
      httpJsonSource('nan', `${metrics.url}/nan`),
      httpJsonSource('not-a-number', `${metrics.url}/not-a-number`),
      httpJsonSource('not-json', `${metrics.url}/not-json`),
      httpJsonSource('huge', `${metrics.url}/huge`),
      httpJsonSource('slow', `${metrics.url}/slow`, 500),
      httpJsonSource('broken', `${metrics.url}/broken`),
      httpJsonSource('unreachable', `${closedUrl}/metrics`),
      httpJsonSource('gone', `${metrics.url}/healthy`),
    ];
    for (const source of sources) must(await config.sources.save(source));
    must(await config.channels.save(webhookChannel('hook', `${receiver.url}/alerts`)));
    must(
      await config.routes.save({
        id: 'all',
        channels: ['hook'],
        groupWaitMs: 0,
        groupIntervalMs: 0,
      }),
    );

    must(await config.saveRule(everySecondRule('healthy', 'healthy')));
    must(await config.saveRule(everySecondRule('nan', 'nan', { noData: 'nodata' })));
    for (const { ruleId } of BAD_SOURCES) {
      const sourceId = ruleId === 'orphan' ? 'gone' : ruleId;
      must(await config.saveRule(everySecondRule(ruleId, sourceId, { onError: 'error' })));
    }
    // The same unreachable source, for a Rule whose errors page as if the condition held.
    must(
      await config.saveRule(
        everySecondRule('unreachable-pages', 'unreachable', { onError: 'alerting' }),
      ),
    );
    must(await config.sources.remove('gone'));
  });

  afterAll(async () => {
    await node?.stop();
    await Promise.all([redis?.stop(), metrics?.close(), receiver?.close()]);
  });

  /** The newest evaluation of a Rule once `accept` holds for it. */
  async function newestEvaluation(
    ruleId: string,
    accept: (e: EvaluationRecord) => boolean,
  ): Promise<EvaluationRecord> {
    const deps = node?.alerting?.deps;
    if (!deps) throw new Error('beforeAll did not finish');

    return waitFor(async () => {
      const [newest] = await deps.evaluations.recent(ruleId, 1);
      return newest && accept(newest) ? newest : null;
    }, `an accepted evaluation of ${ruleId}`);
  }

  describe.each(BAD_SOURCES)('when the source $when', ({ ruleId, error }) => {
    it('moves the rule to error and records the failure in its evaluation log', async () => {
      const deps = node?.alerting?.deps;
      if (!deps || !metrics) throw new Error('beforeAll did not finish');
      const expected = error(metrics.url, closedUrl);

      const evaluation = await newestEvaluation(ruleId, (e) => e.state === 'error');
      const stored = await deps.alerts.load(ruleId);

      expect(evaluation).toMatchObject({
        ruleId,
        series: 0,
        value: null,
        threshold: 10,
        state: 'error',
        states: { error: 1 },
        error: expected,
      });
      expect((await transitionsOf(deps, ruleId))[0]).toMatch(/^normal>error@\d+000$/);
      expect([...stored.instances.keys()]).toEqual([RULE_LEVEL_KEY]);
      expect(stored.instances.get(RULE_LEVEL_KEY)).toMatchObject({
        ruleId,
        labels: {},
        state: 'error',
        value: null,
        firingSinceMs: null,
      });
    });
  });

  describe('when the source answers NaN', () => {
    it('treats the series as having no data and moves the rule to nodata', async () => {
      const deps = node?.alerting?.deps;
      if (!deps) throw new Error('beforeAll did not finish');

      const evaluation = await newestEvaluation('nan', (e) => e.state === 'nodata');
      const stored = await deps.alerts.load('nan');

      expect(evaluation).toMatchObject({ series: 0, value: null, state: 'nodata' });
      expect(evaluation.error).toBeUndefined();
      expect(stored.instances.get(RULE_LEVEL_KEY)?.state).toBe('nodata');
    });
  });

  describe('when a rule with onError alerting cannot reach its source', () => {
    it('fires and pages with no value', async () => {
      if (!receiver) throw new Error('beforeAll did not finish');

      await newestEvaluation('unreachable-pages', (e) => e.state === 'firing');
      const received = await waitFor(
        () => notificationsFor(receiver?.requests ?? [], 'unreachable-pages')[0],
        'the notification of unreachable-pages',
      );

      expect(received.notification.status).toBe('firing');
      expect(received.notification.alerts[0]).toMatchObject({
        seriesKey: RULE_LEVEL_KEY,
        labels: { alertname: 'unreachable-pages' },
        annotations: { summary: ' is above 10' },
        state: 'firing',
        value: null,
      });
    });
  });

  describe('when the other rules fail', () => {
    it('keeps evaluating every rule, fires the healthy one, and pages nothing for errors', async () => {
      if (!receiver) throw new Error('beforeAll did not finish');
      const ruleIds = ['healthy', 'nan', ...BAD_SOURCES.map((s) => s.ruleId)];
      const sinceMs = Date.now();

      for (const ruleId of ruleIds) await newestEvaluation(ruleId, (e) => e.atMs > sinceMs + 1_000);
      const [healthy] = await receiver.waitForRequests(1);
      // A bounded window in which nothing more may arrive.
      await new Promise((r) => setTimeout(r, 2_000));

      expect(readNotificationsByRule(receiver)).toEqual({
        healthy: ['firing'],
        'unreachable-pages': ['firing'],
      });
      expect(healthy?.path).toBe('/alerts');
    });
  });
});

function readNotificationsByRule(receiver: HttpReceiver): Record<string, string[]> {
  const byRule: Record<string, string[]> = {};
  for (const ruleId of new Set(receiver.requests.map((r) => ruleIdOf(r.body)))) {
    byRule[ruleId] = notificationsFor(receiver.requests, ruleId).map((n) => n.notification.status);
  }

  return byRule;
}

function ruleIdOf(body: unknown): string {
  const alerts = (body as { alerts?: { ruleId?: unknown }[] } | null)?.alerts;
  const ruleId = alerts?.[0]?.ruleId;

  return typeof ruleId === 'string' ? ruleId : '';
}
