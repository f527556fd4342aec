import { describe, expect, it } from 'vitest';
import { parseProfile } from '../../shared/profile.js';

describe('parseProfile', () => {
  describe('when the prefix is left out', () => {
    it('uses dipper for standalone and sandbox profiles and {dipper} for clusters', () => {
      const standalone = parseProfile({ name: 'prod', kind: 'standalone', url: 'redis://h:6379' });
      const sandbox = parseProfile({ name: 'local', kind: 'sandbox' });
      const cluster = parseProfile({ name: 'c', kind: 'cluster', nodes: ['10.0.0.5:7000'] });

      expect(standalone.ok && standalone.value.prefix).toBe('dipper');
      expect(sandbox.ok && sandbox.value.prefix).toBe('dipper');
      expect(cluster.ok && cluster.value.prefix).toBe('{dipper}');
    });
  });

  describe('when a cluster prefix has no hash tag', () => {
    it('refuses it and says why', () => {
      const result = parseProfile({
        name: 'prod-cluster',
        kind: 'cluster',
        nodes: ['10.0.0.5:7000'],
        prefix: 'jobs',
      });

      expect(result).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
      expect(!result.ok && result.message).toBe(
        'invalid profile "prod-cluster": prefix: prefix "jobs" has no hash tag; on a cluster ' +
          'all keys of one Bull queue must hash to one slot, so the prefix needs a {tag}, ' +
          'e.g. "{jobs}" or "{dipper}"',
      );
    });

    it('accepts a prefix that carries one', () => {
      const result = parseProfile({
        name: 'c',
        kind: 'cluster',
        nodes: ['a:1', '[::1]:7001'],
        prefix: 'team-{jobs}',
      });

      expect(result.ok).toBe(true);
    });
  });

  describe('when the prefix is malformed', () => {
    it.each([
      ['has whitespace', 'my jobs', 'expected no whitespace'],
      ['is longer than 64 characters', 'p'.repeat(65), 'expected at most 64 characters'],
      ['starts with a colon', ':jobs', 'expected no ":" at either end'],
      ['ends with a colon', 'jobs:', 'expected no ":" at either end'],
      ['is empty', '', 'expected a non-empty prefix'],
    ])('refuses one that %s', (_, prefix, message) => {
      const result = parseProfile({ name: 'p', kind: 'sandbox', prefix });

      expect(result).toMatchObject({ ok: false, issues: [{ path: 'prefix', message }] });
    });
  });

  describe('when a standalone URL is not a redis URL', () => {
    it('refuses it without echoing the URL', () => {
      const result = parseProfile({ name: 'p', kind: 'standalone', url: 'http://u:s3cret@h' });

      expect(result).toMatchObject({ ok: false, issues: [{ path: 'url' }] });
      expect(JSON.stringify(result)).not.toContain('s3cret');
    });
  });

  describe('when cluster nodes are not host:port', () => {
    it('names the bad entry and refuses an empty list', () => {
      const bad = parseProfile({ name: 'c', kind: 'cluster', nodes: ['a:1', 'b:99999'] });
      const empty = parseProfile({ name: 'c', kind: 'cluster', nodes: [] });

      expect(bad).toMatchObject({ ok: false, issues: [{ path: 'nodes.1' }] });
      expect(empty).toMatchObject({
        ok: false,
        issues: [{ path: 'nodes', message: 'expected at least one host:port seed node' }],
      });
    });
  });

  describe('when a field is unknown', () => {
    it('refuses it, so a typo such as "pasword" is not silently ignored', () => {
      const result = parseProfile({
        name: 'p',
        kind: 'standalone',
        url: 'redis://h',
        pasword: 'x',
      });

      expect(result.ok).toBe(false);
    });
  });
});
