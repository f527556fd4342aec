import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sendNotification } from '../../../main/notify/send.js';
import { startHttpReceiver, type HttpReceiver } from '../../harness/http-receiver.js';
import { channelOf, firingNotification, recordingLog } from './fixtures.js';

describe('sendNotification through a webhook channel', () => {
  let receiver: HttpReceiver;

  beforeAll(async () => {
    receiver = await startHttpReceiver();
  });

  afterAll(async () => {
    await receiver.close();
  });

  beforeEach(() => {
    receiver.requests.length = 0;
    receiver.answer({ status: 200, body: { accepted: true } });
  });

  describe('when the channel has no body template', () => {
    it('posts the Notification as JSON with the idempotency header', async () => {
      const channel = channelOf({
        id: 'ops-hook',
        name: 'Ops hook',
        kind: 'webhook',
        url: `${receiver.url}/hooks/dipper?team=ops`,
        headers: { Authorization: 'Bearer hook-token-123' },
      });
      const notification = firingNotification();

      const result = await sendNotification(channel, notification, { log: recordingLog() });

      expect(result).toEqual({ ok: true, value: { status: 200, detail: '{"accepted":true}' } });
      const [request] = await receiver.waitForRequests(1);
      expect(request?.method).toBe('POST');
      expect(request?.path).toBe('/hooks/dipper');
      expect(request?.query).toEqual({ team: 'ops' });
      expect(request?.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(request?.headers['x-dipper-idempotency-key']).toBe(
        'api-latency:group-1:firing:1704164945000',
      );
      expect(request?.headers.authorization).toBe('Bearer hook-token-123');
      expect(request?.body).toEqual({
        idempotencyKey: 'api-latency:group-1:firing:1704164945000',
        status: 'firing',
        groupKey: '{}:{alertname="HighLatency"}',
        groupLabels: { alertname: 'HighLatency' },
        alerts: [
          {
            ruleId: 'api-latency',
            ruleName: 'HighLatency',
            seriesKey: 'instance="api-1",service="api"',
            labels: { instance: 'api-1', service: 'api' },
            annotations: { summary: 'p99 latency is 734 ms', description: 'above 500 ms for 5m' },
            severity: 'critical',
            state: 'firing',
            value: 734,
            threshold: 500,
            startsAtMs: 1704164645000,
          },
        ],
        sentAtMs: 1704164945000,
      });
    });
  });

  describe('when the channel has a body template and method PUT', () => {
    it('puts the template with whole-value and in-text placeholders filled in', async () => {
      const channel = channelOf({
        id: 'tpl',
        name: 'Templated',
        kind: 'webhook',
        method: 'PUT',
        url: `${receiver.url}/incident`,
        bodyTemplate: JSON.stringify({
          key: '{{idempotencyKey}}',
          title: '{{ title }}',
          text: 'instance {{alerts.0.labels.instance}} is at {{alerts.0.value}}',
          alertCount: '{{alerts.0.threshold}}',
          labels: '{{groupLabels}}',
          missing: '{{alerts.5.ruleName}}',
          nested: ['{{status}}', { isTest: '{{isTest}}' }],
        }),
      });

      const result = await sendNotification(channel, firingNotification(), {
        log: recordingLog(),
      });

      expect(result.ok).toBe(true);
      const [request] = await receiver.waitForRequests(1);
      expect(request?.method).toBe('PUT');
      expect(request?.body).toEqual({
        key: 'api-latency:group-1:firing:1704164945000',
        title: '[FIRING] HighLatency',
        text: 'instance api-1 is at 734',
        alertCount: 500,
        labels: { alertname: 'HighLatency' },
        missing: null,
        nested: ['firing', { isTest: null }],
      });
    });

    it('keeps label text that looks like JSON inside its string', async () => {
      const channel = channelOf({
        id: 'tpl',
        name: 'Templated',
        kind: 'webhook',
        url: `${receiver.url}/incident`,
        bodyTemplate: '{"summary":"{{alerts.0.labels.instance}} down"}',
      });
      const notification = firingNotification();
      const alert = notification.alerts[0];
      if (alert) alert.labels.instance = '", "injected": true, "x": "';

      await sendNotification(channel, notification, { log: recordingLog() });

      const [request] = await receiver.waitForRequests(1);
      expect(request?.body).toEqual({ summary: '", "injected": true, "x": " down' });
    });
  });

  describe('when the receiver answers 500', () => {
    it('fails with the status and an excerpt, without the query string or header token', async () => {
      receiver.answer({ status: 500, body: 'upstream exploded\nat line 3' });
      const channel = channelOf({
        id: 'ops-hook',
        name: 'Ops hook',
        kind: 'webhook',
        url: `${receiver.url}/hooks/dipper?token=query-secret-456`,
        headers: { 'X-Api-Key': 'header-secret-789' },
      });
      const log = recordingLog();

      const result = await sendNotification(channel, firingNotification(), { log });

      expect(result).toEqual({
        ok: false,
        code: 'INTERNAL',
        status: 500,
        message: `POST ${receiver.url}/hooks/dipper?...: answered 500: upstream exploded at line 3`,
      });
      expect(log.text()).not.toContain('query-secret-456');
      expect(log.text()).not.toContain('header-secret-789');
      expect(log.text()).not.toContain('p99 latency');
    });
  });

  describe('when the receiver echoes the token back in its answer', () => {
    it('blanks the token out of the failure message', async () => {
      receiver.respond((request) => ({
        status: 401,
        body: `bad key ${request.headers['x-api-key'] ?? ''} for ${request.query.token ?? ''}`,
      }));
      const channel = channelOf({
        id: 'ops-hook',
        name: 'Ops hook',
        kind: 'webhook',
        url: `${receiver.url}/hooks?token=query-secret-456`,
        headers: { 'X-Api-Key': 'header-secret-789' },
      });

      const result = await sendNotification(channel, firingNotification(), { log: recordingLog() });

      expect(result).toEqual({
        ok: false,
        code: 'FORBIDDEN',
        status: 401,
        message: `POST ${receiver.url}/hooks?...: answered 401: bad key *** for ***`,
      });
    });
  });

  describe('when the receiver never answers', () => {
    it('fails with TIMEOUT at the deadline', async () => {
      receiver.hang();
      const channel = channelOf({
        id: 'slow',
        name: 'Slow',
        kind: 'webhook',
        url: `${receiver.url}/slow?token=query-secret-456`,
      });
      const startedAt = Date.now();

      const result = await sendNotification(channel, firingNotification(), {
        log: recordingLog(),
        timeoutMs: 300,
      });

      expect(result).toEqual({
        ok: false,
        code: 'TIMEOUT',
        message: `POST ${receiver.url}/slow?...: no answer within 300 ms`,
      });
      expect(Date.now() - startedAt).toBeLessThan(2_000);
      expect(receiver.requests).toHaveLength(1);
    });
  });

  describe('when the caller gives up first', () => {
    it('fails naming the reason', async () => {
      receiver.hang();
      const channel = channelOf({ id: 'slow', name: 'Slow', kind: 'webhook', url: receiver.url });
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error('node stopping')), 50);

      const result = await sendNotification(
        channel,
        firingNotification(),
        { log: recordingLog() },
        controller.signal,
      );

      expect(result).toEqual({
        ok: false,
        code: 'TIMEOUT',
        message: `POST ${receiver.url}/: stopped: node stopping`,
      });
    });
  });

  describe('when nothing listens on the port', () => {
    it('fails with the connection error', async () => {
      const closed = await startHttpReceiver();
      await closed.close();
      const channel = channelOf({ id: 'gone', name: 'Gone', kind: 'webhook', url: closed.url });

      const result = await sendNotification(channel, firingNotification(), { log: recordingLog() });

      expect(result.ok).toBe(false);
      expect(result.ok ? '' : result.message).toMatch(
        /^POST http:\/\/127\.0\.0\.1:\d+\/: request failed: connect ECONNREFUSED/,
      );
    });
  });
});
