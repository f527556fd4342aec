import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createAlertStore } from '../../../../main/alerts/state/alert-store.js';
import type { AlertInstance } from '../../../../shared/alerting/alert.js';
import { startTestRedis, uniquePrefix, type TestRedis } from '../../../harness/redis.js';
import { silentLog } from '../../connection/silent-log.js';

const T0 = Date.parse('2026-05-01T10:00:00Z');

function alert(app: string, overrides: Partial<AlertInstance> = {}): AlertInstance {
  return {
    ruleId: 'r1',
    seriesKey: `{app="${app}"}`,
    labels: { app, team: 'storage' },
    state: 'firing',
    value: 95.5,
    activeSinceMs: T0,
    firingSinceMs: T0 + 60_000,
    lastEvalMs: T0 + 120_000,
    ...overrides,
  };
}

function byKey(...alerts: AlertInstance[]): Map<string, AlertInstance> {
  return new Map(alerts.map((a) => [a.seriesKey, a]));
}

describe('createAlertStore', () => {
  let redis: TestRedis;
  const clients: Redis[] = [];

  beforeAll(async () => {
    redis = await startTestRedis();
  });

  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await redis.stop();
  });

  function storeFor(prefix: string) {
    const client = new Redis(redis.port, '127.0.0.1', { maxRetriesPerRequest: null });
    client.on('error', () => undefined);
    clients.push(client);
    return createAlertStore(client, prefix, silentLog);
  }

  describe('when alerts are saved', () => {
    it('loads them back field for field with the next version', async () => {
      const store = storeFor(uniquePrefix('alerts'));
      const saved = byKey(
        alert('a', { keepFiringUntilMs: T0 + 300_000 }),
        alert('b', { state: 'resolved', value: null, resolvedAtMs: T0 + 180_000 }),
        alert('c', { state: 'pending', firingSinceMs: null }),
      );

      const result = await store.save('r1', saved, 0, T0 + 120_000);
      const loaded = await store.load('r1');

      expect(result).toEqual({ ok: true, value: { version: 1 } });
      expect(loaded).toEqual({ version: 1, instances: saved });
    });

    it('replaces the previous set, so an alert left out is gone', async () => {
      const store = storeFor(uniquePrefix('alerts'));
      await store.save('r1', byKey(alert('a'), alert('b')), 0);

      await store.save('r1', byKey(alert('b')), 1);

      expect([...(await store.load('r1')).instances.keys()]).toEqual(['{app="b"}']);
    });
  });

  describe('when two nodes evaluate the same state', () => {
    it('applies the first save and refuses the second with CONFLICT', async () => {
      const prefix = uniquePrefix('alerts-cas');
      const nodeA = storeFor(prefix);
      const nodeB = storeFor(prefix);
      const [readA, readB] = await Promise.all([nodeA.load('r1'), nodeB.load('r1')]);

      const first = await nodeA.save('r1', byKey(alert('a')), readA.version, T0);
      const second = await nodeB.save('r1', byKey(alert('b')), readB.version, T0);

      expect(first).toEqual({ ok: true, value: { version: 1 } });
      expect(second).toEqual({
        ok: false,
        code: 'CONFLICT',
        message: 'alert state of rule "r1" is at version 1; expected 0 (another node saved first)',
      });
      expect([...(await nodeA.load('r1')).instances.keys()]).toEqual(['{app="a"}']);
    });

    it('refuses a tick already applied even from a fresh load', async () => {
      const prefix = uniquePrefix('alerts-tick');
      const store = storeFor(prefix);
      await store.save('r1', byKey(alert('a')), 0, T0 + 60_000);
      const { version } = await store.load('r1');

      const again = await store.save('r1', new Map(), version, T0 + 60_000);
      const next = await store.save('r1', new Map(), version, T0 + 120_000);

      expect(again).toEqual({
        ok: false,
        code: 'CONFLICT',
        message: `alert state of rule "r1" already has tick ${T0 + 60_000}, not before ${T0 + 60_000}; another node evaluated it`,
      });
      expect(next).toEqual({ ok: true, value: { version: 2 } });
    });
  });

  describe('when an alert is acknowledged', () => {
    it('keeps the acknowledgement across saves while firing and clears it on resolve', async () => {
      const store = storeFor(uniquePrefix('alerts-ack'));
      await store.save('r1', byKey(alert('a'), alert('b', { state: 'pending' })), 0);

      const acked = await store.ack('r1', '{app="a"}', 'ana@example.com', T0 + 200_000);
      await store.save('r1', byKey(alert('a', { lastEvalMs: T0 + 240_000 })), 1);
      const stillFiring = (await store.load('r1')).instances.get('{app="a"}');
      await store.save('r1', byKey(alert('a', { state: 'resolved', resolvedAtMs: T0 })), 2);
      const resolved = (await store.load('r1')).instances.get('{app="a"}');

      expect(acked).toEqual({
        ok: true,
        value: alert('a', { ackedBy: 'ana@example.com', ackedAtMs: T0 + 200_000 }),
      });
      expect(stillFiring).toEqual(
        alert('a', {
          lastEvalMs: T0 + 240_000,
          ackedBy: 'ana@example.com',
          ackedAtMs: T0 + 200_000,
        }),
      );
      expect(resolved).toEqual(alert('a', { state: 'resolved', resolvedAtMs: T0 }));
    });

    it('refuses an alert that is not firing or does not exist', async () => {
      const store = storeFor(uniquePrefix('alerts-ack'));
      await store.save('r1', byKey(alert('b', { state: 'pending' })), 0);

      expect(await store.ack('r1', '{app="b"}', 'ana', T0)).toEqual({
        ok: false,
        code: 'CONFLICT',
        message: 'alert {app="b"} of rule "r1" is pending; only firing alerts can be acknowledged',
      });
      expect(await store.ack('r1', '{app="zz"}', 'ana', T0)).toEqual({
        ok: false,
        code: 'NOT_FOUND',
        message: 'rule "r1" has no alert for series {app="zz"}',
      });
    });
  });

  describe('when firing alerts are listed', () => {
    it('returns firing alerts of every rule and drops a rule once nothing fires', async () => {
      const store = storeFor(uniquePrefix('alerts-list'));
      await store.save('r2', byKey(alert('x', { ruleId: 'r2' })), 0);
      await store.save('r1', byKey(alert('b'), alert('a'), alert('c', { state: 'pending' })), 0);
      await store.save('r3', byKey(alert('q', { ruleId: 'r3', state: 'nodata' })), 0);
      const before = await store.listFiring();

      await store.save('r2', byKey(alert('x', { ruleId: 'r2', state: 'resolved' })), 1);
      const after = await store.listFiring();

      expect(before.map((a) => `${a.ruleId} ${a.seriesKey}`)).toEqual([
        'r1 {app="a"}',
        'r1 {app="b"}',
        'r2 {app="x"}',
      ]);
      expect(after.map((a) => `${a.ruleId} ${a.seriesKey}`)).toEqual([
        'r1 {app="a"}',
        'r1 {app="b"}',
      ]);
    });
  });

  describe('when a rule is reset', () => {
    it('drops its alerts and makes a save from before the reset conflict', async () => {
      const store = storeFor(uniquePrefix('alerts-reset'));
      await store.save('r1', byKey(alert('a')), 0);
      const { version } = await store.load('r1');

      const dropped = await store.reset('r1');
      const stale = await store.save('r1', byKey(alert('a')), version);

      expect(dropped).toEqual([alert('a')]);
      expect(stale.ok).toBe(false);
      expect(await store.load('r1')).toEqual({ version: 2, instances: new Map() });
      expect(await store.listFiring()).toEqual([]);
    });
  });

  describe('when redis restarts', () => {
    it('keeps alerts, acknowledgements and the version', async () => {
      const prefix = uniquePrefix('alerts-restart');
      const store = storeFor(prefix);
      await store.save('r1', byKey(alert('a'), alert('b', { state: 'nodata', value: null })), 0);
      await store.ack('r1', '{app="a"}', 'ana', T0 + 1);

      await redis.restart();
      const loaded = await store.load('r1');

      expect(loaded).toEqual({
        version: 1,
        instances: byKey(
          alert('a', { ackedBy: 'ana', ackedAtMs: T0 + 1 }),
          alert('b', { state: 'nodata', value: null }),
        ),
      });
      expect((await store.listFiring()).map((a) => a.seriesKey)).toEqual(['{app="a"}']);
    });
  });
});
