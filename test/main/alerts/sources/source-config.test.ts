import { describe, expect, it } from 'vitest';
import { seriesKey } from '../../../../shared/alerting/series.js';
import { SourceConfigSchema } from '../../../../shared/alerting/source.js';
import { parseWith } from '../../../../shared/validation.js';

function messagesOf(input: unknown): string[] {
  const result = parseWith(SourceConfigSchema, input, 'source');
  return result.ok ? [] : (result.issues ?? []).map((i) => `${i.path}: ${i.message}`);
}

describe('SourceConfigSchema', () => {
  describe('when a prometheus config is minimal', () => {
    it('fills in the 10 s timeout', () => {
      const parsed = SourceConfigSchema.parse({ kind: 'prometheus', url: 'https://prom:9090' });

      expect(parsed).toEqual({ kind: 'prometheus', url: 'https://prom:9090', timeoutMs: 10_000 });
    });
  });

  describe('when the kind is unknown', () => {
    it('lists the kinds', () => {
      expect(messagesOf({ kind: 'graphite', url: 'http://g' })).toEqual([
        'kind: kind must be one of prometheus, druid, http-json, queues, recorded; got "graphite"',
      ]);
    });
  });

  describe('when fields are wrong', () => {
    it('says what was expected for each', () => {
      expect(
        messagesOf({
          kind: 'druid',
          url: 'ftp://druid',
          timeoutMs: 300_000,
          retries: 3,
        }),
      ).toEqual([
        'url: expected an absolute http or https URL',
        'timeoutMs: timeoutMs must be at most 120000',
        '(root): unknown key "retries"; expected only kind, url, headers, bearerToken, basicAuth, timeoutMs',
      ]);
    });

    it('refuses credentials in the URL', () => {
      expect(messagesOf({ kind: 'prometheus', url: 'http://admin:hunter2@prom:9090' })).toEqual([
        'url: the URL must not carry credentials; use basicAuth or bearerToken',
      ]);
    });

    it('refuses two sources for the Authorization header', () => {
      expect(
        messagesOf({
          kind: 'prometheus',
          url: 'http://prom',
          headers: { Authorization: 'Bearer a' },
          basicAuth: { username: 'u', password: 'p' },
        }),
      ).toEqual([
        '(root): give one of bearerToken, basicAuth or an Authorization header; got an Authorization header and basicAuth',
      ]);
    });

    it('refuses a GET with a body and a path without $', () => {
      expect(
        messagesOf({ kind: 'http-json', url: 'http://api', body: { a: 1 }, valuePath: 'data.v' }),
      ).toEqual([
        'valuePath: a JSONPath starts with "$"; got "data.v"',
        'body: only POST requests carry a body',
      ]);
    });

    it('names the queue metrics', () => {
      expect(messagesOf({ kind: 'queues', queue: 'mail', metric: 'stalled' })).toEqual([
        'metric: metric must be one of waiting, active, delayed, failed, completed, failed_per_minute, completed_per_minute; got "stalled"',
      ]);
    });
  });
});

describe('seriesKey', () => {
  describe('when labels come in any order', () => {
    it('gives the same canonical text', () => {
      expect(seriesKey({ env: 'prod', app: 'web' })).toBe('{app="web",env="prod"}');
      expect(seriesKey({ app: 'web', env: 'prod' })).toBe('{app="web",env="prod"}');
    });
  });

  describe('when values hold quotes, commas or odd names', () => {
    it('keeps different label sets apart', () => {
      expect(seriesKey({ a: 'x",b="y' })).toBe('{a="x\\",b=\\"y"}');
      expect(seriesKey({ a: 'x', b: 'y' })).not.toBe(seriesKey({ a: 'x",b="y' }));
      expect(seriesKey({ 'a b': '1' })).toBe('{"a b"="1"}');
      expect(seriesKey({})).toBe('{}');
    });
  });
});
