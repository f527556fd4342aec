import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelInput } from '../../../shared/alerting/channel.js';
import { startHttpReceiver, type HttpReceiver } from '../../harness/http-receiver.js';
import { waitFor } from '../../harness/wait.js';
import { startTestRedis, type TestRedis } from '../../harness/redis.js';
import { startTestConsole, type TestConsole } from './console-harness.js';

const TOKEN = 'xoxb-123456789012-secret';

describe('channels handlers', () => {
  let redis: TestRedis;
  let receiver: HttpReceiver;
  let c: TestConsole;

  beforeAll(async () => {
    redis = await startTestRedis({ appendOnly: false });
    receiver = await startHttpReceiver();
  });

  afterAll(async () => {
    await receiver.close();
    await redis.stop();
  });

  afterEach(async () => {
    await c.stop();
    receiver.answer({ status: 200, body: { ok: true } });
  });

  function webhook(extra: Partial<ChannelInput> = {}): ChannelInput {
    return {
      id: 'ops-hook',
      name: 'Ops webhook',
      kind: 'webhook',
      url: `${receiver.url}/hooks/ops`,
      headers: { Authorization: `Bearer ${TOKEN}` },
      ...extra,
    } as ChannelInput;
  }

  describe('list and save', () => {
    it('lists channels with every secret shown as ***', async () => {
      c = await startTestConsole(redis.url, 'channels-list');
      await c.value('channels.save', { channel: webhook(), create: true });
      const slack = {
        id: 'team-slack',
        name: 'Team',
        kind: 'slack',
        webhookUrl: `${receiver.url}/services/T000/B000/${TOKEN}`,
      };
      await c.value('channels.save', { channel: slack, create: true });

      const listed = await c.value('channels.list', {});

      expect(listed).toEqual([
        {
          id: 'ops-hook',
          name: 'Ops webhook',
          kind: 'webhook',
          enabled: true,
          method: 'POST',
          url: `${receiver.url}/hooks/ops`,
          headers: { Authorization: '***' },
          sendsTo: `${receiver.url}/hooks/ops`,
        },
        {
          id: 'team-slack',
          name: 'Team',
          kind: 'slack',
          enabled: true,
          webhookUrl: '***',
          sendsTo: `${receiver.url}/services/T000/B000/***`,
        },
      ]);
      expect(JSON.stringify(listed)).not.toContain(TOKEN);
    });

    it('names where a webhook with a token in its query sends, without the query', async () => {
      c = await startTestConsole(redis.url, 'channels-sends-to');
      const url = `${receiver.url}/hooks/ops?token=${TOKEN}&team=ops`;
      await c.value('channels.save', { channel: webhook({ url, headers: {} }), create: true });

      const [listed] = await c.value('channels.list', {});

      expect(listed).toMatchObject({ url: '***', sendsTo: `${receiver.url}/hooks/ops` });
      expect(JSON.stringify(listed)).not.toContain(TOKEN);
    });

    it('keeps the stored secret when a field comes back as ***, and takes a new value as given', async () => {
      c = await startTestConsole(redis.url, 'channels-keep');
      await c.value('channels.save', { channel: webhook(), create: true });

      const renamed = await c.value('channels.save', {
        channel: webhook({ name: 'Renamed', headers: { Authorization: '***' } }),
        create: false,
      });
      const kept = await c.session.alerting.config.channels.get('ops-hook');
      await c.value('channels.save', {
        channel: webhook({ headers: { Authorization: 'Bearer new-token-0000' } }),
        create: false,
      });
      const replaced = await c.session.alerting.config.channels.get('ops-hook');

      expect(renamed).toMatchObject({ name: 'Renamed', headers: { Authorization: '***' } });
      expect(kept).toMatchObject({
        name: 'Renamed',
        headers: { Authorization: `Bearer ${TOKEN}` },
      });
      expect(replaced).toMatchObject({ headers: { Authorization: 'Bearer new-token-0000' } });
      expect(c.events.filter((e) => e.event === 'config.changed').map((e) => e.payload)).toEqual([
        { area: 'channels' },
        { area: 'channels' },
        { area: 'channels' },
      ]);
    });

    it('refuses *** where there is no stored secret, a duplicate create and a missing update', async () => {
      c = await startTestConsole(redis.url, 'channels-refuse');

      const masked = await c.call('channels.save', {
        channel: webhook({ headers: { Authorization: '***' } }),
        create: true,
      });
      await c.value('channels.save', { channel: webhook(), create: true });
      const again = await c.call('channels.save', { channel: webhook(), create: true });
      const missing = await c.call('channels.save', {
        channel: webhook({ id: 'nope' }),
        create: false,
      });
      const invalid = await c.call('channels.save', {
        channel: webhook({ url: 'ftp://x' }),
        create: false,
      });

      expect(masked).toMatchObject({
        ok: false,
        code: 'BAD_REQUEST',
        issues: [{ path: 'headers.Authorization' }],
      });
      expect(again).toMatchObject({
        ok: false,
        code: 'CONFLICT',
        message: 'channel "ops-hook" already exists',
      });
      expect(missing).toMatchObject({
        ok: false,
        code: 'NOT_FOUND',
        message: 'channel "nope" does not exist',
      });
      expect(invalid).toMatchObject({ ok: false, code: 'BAD_REQUEST', issues: [{ path: 'url' }] });
    });
  });

  describe('test', () => {
    it('sends a test notification and reports what the receiver answered', async () => {
      c = await startTestConsole(redis.url, 'channels-test');
      await c.value('channels.save', { channel: webhook(), create: true });
      const seen = receiver.requests.length;

      const result = await c.value('channels.test', { id: 'ops-hook' });

      expect(result).toMatchObject({ ok: true, message: expect.stringContaining('HTTP 200') });
      expect(result.durationMs).toBeGreaterThanOrEqual(0);
      const [request] = receiver.requests.slice(seen);
      expect(request).toMatchObject({
        method: 'POST',
        path: '/hooks/ops',
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(request?.body).toMatchObject({
        isTest: true,
        status: 'firing',
        alerts: [{ ruleName: 'DipperTestNotification' }],
      });
    });

    it('reports a refusing receiver as a failed test without the secret, and NOT_FOUND for an unknown id', async () => {
      c = await startTestConsole(redis.url, 'channels-test-fail');
      await c.value('channels.save', { channel: webhook(), create: true });
      receiver.answer({ status: 500, body: `token ${TOKEN} rejected` });

      const result = await c.call('channels.test', { id: 'ops-hook' });
      const unknown = await c.call('channels.test', { id: 'nope' });

      expect(result).toMatchObject({ ok: false, message: expect.stringContaining('500') });
      expect(result.ok ? '' : result.message).toContain('test notification to "ops-hook" failed');
      expect(result.ok ? '' : result.message).not.toContain(TOKEN);
      // The audit log follows the outcome of the test, not of the call.
      const audited = async () =>
        (await c.value('audit.list', {})).find(
          (e) => e.action === 'channels.test' && e.target === 'ops-hook',
        );
      await waitFor(audited, 'the audit entry of the test');
      expect(await audited()).toMatchObject({ target: 'ops-hook', outcome: 'failed' });
      expect(unknown).toMatchObject({
        ok: false,
        code: 'NOT_FOUND',
        message: expect.stringContaining('"nope"'),
      });
    });
  });

  describe('remove', () => {
    it('refuses a channel a route uses, then removes it once the route is gone and it is confirmed', async () => {
      c = await startTestConsole(redis.url, 'channels-remove');
      await c.value('channels.save', { channel: webhook(), create: true });
      const { routes } = c.session.alerting.config;
      await routes.save({ id: 'default', channels: ['ops-hook'] });

      const used = await c.call('channels.remove', { id: 'ops-hook', confirm: 'ops-hook' });
      await routes.remove('default');
      const unconfirmed = await c.call('channels.remove', { id: 'ops-hook' });
      const removed = await c.value('channels.remove', { id: 'ops-hook', confirm: 'ops-hook' });

      expect(used).toMatchObject({
        ok: false,
        code: 'CONFLICT',
        message: 'channel "ops-hook" is used by route "default"; take it out of the route first',
      });
      expect(unconfirmed).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      expect(removed).toEqual({ removed: true });
      expect(await c.value('channels.list', {})).toEqual([]);
    });
  });
});
