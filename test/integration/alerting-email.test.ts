import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../main/log/logger.js';
import { startNode, type DipperNode } from '../../main/node/node.js';
import { builtinProcessors } from '../../main/queues/builtin-processors.js';
import { createProcessorRegistry } from '../../main/queues/processor.js';
import { startTestRedis, uniquePrefix, type TestRedis } from '../harness/redis.js';
import { startTestSmtp, type TestSmtp } from '../harness/smtp.js';
import { waitFor } from '../harness/wait.js';
import {
  everySecondRule,
  httpJsonSource,
  must,
  startMetricServer,
  transitionsOf,
  type MetricServer,
} from './support/alerting.js';
import { standaloneTarget } from './support/observer.js';

const KEY = /^disk-full\.mail\.[0-9a-f]{16}\.(firing|resolved)\.(\d+)$/;

function messageIdOf(idempotencyKey: string): string {
  return `<${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}@dipper>`;
}

describe('alerting through an email channel', () => {
  let redis: TestRedis | undefined;
  let metrics: MetricServer | undefined;
  let smtp: TestSmtp | undefined;
  let node: DipperNode | undefined;

  beforeAll(async () => {
    [redis, metrics, smtp] = await Promise.all([
      startTestRedis(),
      startMetricServer(),
      startTestSmtp(),
    ]);
    node = await startNode({
      target: standaloneTarget(redis.port),
      prefix: uniquePrefix('alert-email'),
      processors: createProcessorRegistry(builtinProcessors()),
      log: createLogger('test'),
    });
  });

  afterAll(async () => {
    await node?.stop();
    await Promise.all([redis?.stop(), metrics?.close(), smtp?.close()]);
  });

  it('mails the firing and the resolve of a rule routed to the channel', async () => {
    const deps = node?.alerting?.deps;
    if (!deps || !metrics || !smtp) throw new Error('beforeAll did not finish');
    const { config, evaluations } = deps;
    metrics.setValue('/disk', 40, { service: 'db-1' });
    must(await config.sources.save(httpJsonSource('disk', `${metrics.url}/disk`)));
    must(
      await config.channels.save({
        id: 'oncall-mail',
        name: 'On-call mail',
        kind: 'email',
        enabled: true,
        from: 'Dipper <dipper@example.com>',
        to: ['oncall@example.com', 'lead@example.com'],
        smtp: { host: '127.0.0.1', port: smtp.port, secure: false },
      }),
    );
    must(
      await config.routes.save({
        id: 'mail',
        channels: ['oncall-mail'],
        groupBy: ['alertname', 'service'],
        groupWaitMs: 0,
        groupIntervalMs: 0,
      }),
    );
    must(
      await config.saveRule(
        everySecondRule('disk-full', 'disk', {
          name: 'Disk full',
          condition: { op: '>', threshold: 90 },
          severity: 'critical',
          summary: '{{ $labels.service }} disk at {{ $value }}%',
        }),
      ),
    );
    await waitFor(
      async () => (await evaluations.recent('disk-full')).length >= 2,
      'two evaluations',
    );

    metrics.setValue('/disk', 95, { service: 'db-1' });
    await smtp.waitForMessages(1, 20_000);
    metrics.setValue('/disk', 40, { service: 'db-1' });
    const [firing, resolved] = await smtp.waitForMessages(2, 20_000);
    // A bounded window in which nothing more may arrive.
    await new Promise((r) => setTimeout(r, 2_000));

    const firingKey = firing?.headers['x-dipper-idempotency-key'] ?? '';
    const resolvedKey = resolved?.headers['x-dipper-idempotency-key'] ?? '';
    const firingTick = Number(KEY.exec(firingKey)?.[2]);
    const resolvedTick = Number(KEY.exec(resolvedKey)?.[2]);
    expect(smtp.messages).toHaveLength(2);
    expect(firingKey).toMatch(KEY);
    expect(resolvedKey).toMatch(KEY);
    expect(await transitionsOf(deps, 'disk-full')).toEqual([
      `normal>firing@${firingTick}`,
      `firing>resolved@${resolvedTick}`,
      `resolved>normal@${resolvedTick + 1_000}`,
    ]);
    expect(firing).toMatchObject({
      mailFrom: 'dipper@example.com',
      rcptTo: ['oncall@example.com', 'lead@example.com'],
      subject: '[FIRING] Disk full (service=db-1)',
      text: [
        '[FIRING] Disk full (service=db-1)',
        '',
        '- [critical] Disk full: db-1 disk at 95%',
        '  labels: alertname=Disk full, service=db-1',
        `  value 95 (threshold 90), since ${new Date(firingTick).toISOString()}`,
      ].join('\n'),
    });
    expect(firing?.headers['message-id']).toBe(messageIdOf(firingKey));
    expect(firing?.headers.from).toBe('Dipper <dipper@example.com>');
    expect(resolved).toMatchObject({
      subject: '[RESOLVED] Disk full (service=db-1)',
      text: [
        '[RESOLVED] Disk full (service=db-1)',
        '',
        '- [critical] Disk full: db-1 disk at 40%',
        '  labels: alertname=Disk full, service=db-1',
        `  value 40 (threshold 90), resolved ${new Date(resolvedTick).toISOString()}`,
      ].join('\n'),
    });
    expect(resolved?.headers['message-id']).toBe(messageIdOf(resolvedKey));
  });
});
