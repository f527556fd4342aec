import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createAlertingConfig } from '../../../main/alerts/config-stores.js';
import { dipperKeys } from '../../../main/connection/keys.js';
import { createScheduleStore } from '../../../main/scheduler/schedule-store.js';
import { AlertingDocumentSchema } from '../../../shared/alerting/config.js';
import { startTestRedis, uniquePrefix, type TestRedis } from '../../harness/redis.js';
import { connectionArgs, runCli } from '../cli/run-cli.js';
import { silentLog } from '../connection/silent-log.js';

const EXAMPLE = 'examples/alerting.yaml';

describe('dipper apply and export', () => {
  let redis: TestRedis;
  let client: Redis;
  let dir: string;

  beforeAll(async () => {
    redis = await startTestRedis({ appendOnly: false });
    client = new Redis(redis.port, '127.0.0.1', { maxRetriesPerRequest: null });
    client.on('error', () => undefined);
    dir = await mkdtemp(join(tmpdir(), 'dipper-apply-'));
  });

  afterAll(async () => {
    client.disconnect();
    await redis.stop();
    await rm(dir, { recursive: true, force: true });
  });

  function storesFor(prefix: string) {
    const schedules = createScheduleStore(client, dipperKeys(prefix), silentLog);
    return { config: createAlertingConfig(client, prefix, schedules, silentLog), schedules };
  }

  /** Every key under the prefix with its hash fields: what "the store is unchanged" means. */
  async function snapshot(prefix: string): Promise<Record<string, unknown>> {
    const keys = (await client.keys(`${prefix}:*`)).sort();
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      const type = await client.type(key);
      out[key] = type === 'hash' ? await client.hgetall(key) : type;
    }
    return out;
  }

  async function writeFixture(name: string, text: string): Promise<string> {
    const file = join(dir, name);
    await writeFile(file, text);
    return file;
  }

  async function example(): Promise<string> {
    return readFile(EXAMPLE, 'utf8');
  }

  describe('when a valid file is applied to an empty store', () => {
    it('creates every document and prints a summary per kind', async () => {
      const prefix = uniquePrefix('apply');

      const run = await runCli('apply', '-f', EXAMPLE, ...connectionArgs(redis.url, prefix));

      expect(run).toEqual({
        code: 0,
        stderr: '',
        stdout: [
          `applied ${EXAMPLE}`,
          'KIND       CREATED  UPDATED  UNCHANGED',
          'sources    1        0        0',
          'channels   1        0        0',
          'routes     1        0        0',
          'schedules  1        0        0',
          'rules      2        0        0',
          '',
        ].join('\n'),
      });
      const { config, schedules } = storesFor(prefix);
      expect((await config.rules.list()).map((r) => r.id)).toEqual([
        'api-error-rate',
        'queue-backlog',
      ]);
      expect((await schedules.list()).map((s) => s.id)).toEqual([
        'nightly-report',
        'rule-api-error-rate',
        'rule-queue-backlog',
      ]);
    });
  });

  describe('when another client reads while a file is applied', () => {
    it('sees none of the file or all of it, Rules and their Schedules together', async () => {
      const prefix = uniquePrefix('atomic');
      const example = AlertingDocumentSchema.parse(parse(await readFile(EXAMPLE, 'utf8')));
      const rule = example.rules[0]!;
      const rules = Array.from({ length: 300 }, (_, i) => ({
        ...rule,
        id: `rule-${String(i).padStart(3, '0')}`,
        name: `Rule ${i}`,
      }));
      const file = await writeFixture(
        'many-rules.json',
        JSON.stringify({ ...example, schedules: [], rules }),
      );
      const keys = dipperKeys(prefix);
      const seen = new Set<string>();
      let isApplying = true;
      const watching = (async () => {
        while (isApplying) {
          const counts = await client
            .multi()
            .hlen(`${prefix}:dipper:sources`)
            .hlen(`${prefix}:dipper:rules`)
            .hlen(keys.schedules)
            .exec();
          seen.add(JSON.stringify(counts?.map(([, n]) => n)));
        }
      })();

      const run = await runCli('apply', '-f', file, ...connectionArgs(redis.url, prefix));
      isApplying = false;
      await watching;

      expect(run.code).toBe(0);
      expect(seen.size).toBeGreaterThan(0);
      // [sources, rules, schedules]: nothing yet, or everything; never a part.
      expect([...seen].every((s) => s === '[0,0,0]' || s === '[1,300,300]')).toBe(true);
      expect(await client.hlen(`${prefix}:dipper:rules`)).toBe(300);
      expect(await client.hlen(keys.schedules)).toBe(300);
    });
  });

  describe('when the store is exported', () => {
    it('writes back the applied document, secrets included only when asked', async () => {
      const prefix = uniquePrefix('export');
      const conn = connectionArgs(redis.url, prefix);
      await runCli('apply', '-f', EXAMPLE, ...conn);
      const expected = AlertingDocumentSchema.parse(parse(await example()));

      const full = await runCli('export', '--include-secrets', ...conn);
      const redacted = await runCli('export', '--format', 'json', ...conn);

      expect(full.code).toBe(0);
      expect(parse(full.stdout)).toEqual(expected);
      expect(full.stdout).toMatch(/^# Exported by dipper at .*Secrets included/);
      const channel = expected.channels[0];
      expect(JSON.parse(redacted.stdout)).toEqual({
        ...expected,
        channels: [{ ...channel, headers: { Authorization: '<redacted>' } }],
      });
    });

    it('writes a file that applies back with every document unchanged', async () => {
      const prefix = uniquePrefix('roundtrip');
      const conn = connectionArgs(redis.url, prefix);
      const file = join(dir, 'exported.yaml');
      await runCli('apply', '-f', EXAMPLE, ...conn);

      const exported = await runCli('export', '-o', file, '--include-secrets', ...conn);
      const again = await runCli('apply', '-f', file, '--json', ...conn);

      expect(exported.stdout).toBe(
        `wrote ${file}: 1 sources, 1 channels, 1 routes, 1 schedules, 2 rules\n`,
      );
      const report = JSON.parse(again.stdout) as { changes: Record<string, { unchanged: [] }> };
      expect(Object.values(report.changes).map((c) => c.unchanged.length)).toEqual([1, 1, 1, 1, 2]);
    });

    it('refuses to apply a redacted export and names each placeholder', async () => {
      const prefix = uniquePrefix('redacted');
      const conn = connectionArgs(redis.url, prefix);
      const file = join(dir, 'redacted.yaml');
      await runCli('apply', '-f', EXAMPLE, ...conn);
      await runCli('export', '-o', file, ...conn);
      const before = await snapshot(prefix);

      const run = await runCli('apply', '-f', file, ...conn);

      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(
        /^ {2}channels\[0\]\.headers\.Authorization: "<redacted>" is a placeholder written by dipper export; put the real value here \(or export with --include-secrets\) \(line \d+\)$/m,
      );
      expect(await snapshot(prefix)).toEqual(before);
    });
  });

  describe('when the file has errors', () => {
    const broken = [
      'version: 1',
      'sources:',
      '  - id: extra',
      '    name: A valid new source',
      '    config: { kind: recorded, series: cpu }',
      'routes:',
      '  - id: default',
      '    channels: [ops-webhook, pager]',
      'rules:',
      '  - id: api-error-rate',
      '    name: API error rate, edited',
      '    source: { sourceId: prom, query: up }',
      '    condition: { op: ">", threshold: 9 }',
      '    evaluate: { cron: "* * * * *" }',
      '    severity: critical',
      '    summary: errors',
      '  - id: disk',
      '    name: Disk',
      '    source: { sourceId: nowhere, query: up }',
      '    condition: { op: ">", threshold: high }',
      '    evaluate: { cron: "* * * * *" }',
      '    severity: critical',
      '    summary: disk',
      '',
    ].join('\n');

    it('prints every error with its path and line, exits 2 and changes nothing', async () => {
      const prefix = uniquePrefix('broken');
      const conn = connectionArgs(redis.url, prefix);
      await runCli('apply', '-f', EXAMPLE, ...conn);
      const before = await snapshot(prefix);
      const file = await writeFixture('broken.yaml', broken);

      const run = await runCli('apply', '-f', file, ...conn);

      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        [
          `dipper: BAD_REQUEST: ${file} has 3 problems; nothing was changed`,
          '  routes[0].channels[1]: channel "pager" is neither in this file nor stored; known: "ops-webhook" (line 8)',
          '  rules[1].source.sourceId: source "nowhere" is neither in this file nor stored; known: "extra", "prom" (line 19)',
          '  rules[1].condition.threshold: threshold must be a finite number; got "high" (line 20)',
          '',
        ].join('\n'),
      );
      expect(await snapshot(prefix)).toEqual(before);
    });

    it('reports the same problems as JSON with --json', async () => {
      const prefix = uniquePrefix('broken-json');
      const file = await writeFixture('broken-json.yaml', broken);

      const run = await runCli('apply', '-f', file, '--json', ...connectionArgs(redis.url, prefix));

      const { error } = JSON.parse(run.stderr) as { error: { issues: { path: string }[] } };
      expect(run.code).toBe(2);
      // Nothing is stored under this prefix, so ops-webhook is unknown as well.
      expect(error.issues.map((i) => i.path)).toEqual([
        'routes[0].channels[0]',
        'routes[0].channels[1]',
        'rules[0].source.sourceId',
        'rules[1].source.sourceId',
        'rules[1].condition.threshold',
      ]);
      expect(await client.keys(`${prefix}:*`)).toEqual([]);
    });

    it('names a YAML syntax error with its line', async () => {
      const file = await writeFixture('syntax.yaml', 'version: 1\nrules:\n  - id: [a\n');

      const run = await runCli(
        'apply',
        '-f',
        file,
        ...connectionArgs(redis.url, uniquePrefix('s')),
      );

      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^ {2}\(root\): not YAML: .+ \(line \d\)$/m);
    });

    it('says which field is missing or of the wrong type, in words', async () => {
      const text = [
        'version: 2',
        'rules:',
        '  - id: no-source',
        '    name: No source',
        '    condition: { op: ">", threshold: 1 }',
        '    evaluate: { cron: "* * * * *" }',
        '    severity: critical',
        '    summary: s',
        '    labels: [team]',
        '',
      ].join('\n');
      const file = await writeFixture('missing.yaml', text);

      const run = await runCli(
        'apply',
        '-f',
        file,
        ...connectionArgs(redis.url, uniquePrefix('m')),
      );

      expect(run.code).toBe(2);
      expect(run.stderr.split('\n').slice(1, 4)).toEqual([
        '  version: expected 1; got "2" (line 1)',
        '  rules[0].source: missing; expected an object (line 3)',
        '  rules[0].labels: expected a map of names to values; got "[\\"team\\"]" (line 9)',
      ]);
    });

    it('refuses an id given twice in one list', async () => {
      const text = (await example()).replace('id: queue-backlog', 'id: api-error-rate');
      const file = await writeFixture('duplicate.yaml', text);

      const run = await runCli(
        'apply',
        '-f',
        file,
        ...connectionArgs(redis.url, uniquePrefix('d')),
      );

      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(
        /^ {2}rules\[1\]\.id: id "api-error-rate" is also rules\[0\] \(line \d+\)$/m,
      );
    });
  });

  describe('when --dry-run is given', () => {
    it('reports what would change, including alert resets, and writes nothing', async () => {
      const prefix = uniquePrefix('dry');
      const conn = connectionArgs(redis.url, prefix);
      await runCli('apply', '-f', EXAMPLE, ...conn);
      const before = await snapshot(prefix);
      const edited = (await example())
        .replace('sum by (queue) (bull_waiting_jobs)', 'max by (queue) (bull_waiting_jobs)')
        .replace(
          'sources:\n',
          'sources:\n  - { id: rec, name: Recorded, config: { kind: recorded, series: s1 } }\n',
        );
      const file = await writeFixture('edited.yaml', edited);

      const run = await runCli('apply', '-f', file, '--dry-run', ...conn);

      expect(run).toEqual({
        code: 0,
        stderr: '',
        stdout: [
          `dry run of ${file}: valid; nothing was changed`,
          'KIND       TO CREATE  TO UPDATE  UNCHANGED',
          'sources    1          0          1',
          'channels   0          0          1',
          'routes     0          0          1',
          'schedules  0          0          1',
          'rules      0          1          1',
          'rule "queue-backlog": would reset its alerts (query changed)',
          '',
        ].join('\n'),
      });
      expect(await snapshot(prefix)).toEqual(before);
    });
  });

  describe('when a schedule has no name', () => {
    it('names it by its id, as dipper schedules add does', async () => {
      const prefix = uniquePrefix('unnamed');
      const text = [
        'version: 1',
        'schedules:',
        '  - { id: nightly-cache, cron: "0 3 * * *", queue: jobs, job: echo }',
        '',
      ].join('\n');
      const file = await writeFixture('unnamed.yaml', text);

      const run = await runCli('apply', '-f', file, ...connectionArgs(redis.url, prefix));

      expect(run.code).toBe(0);
      const store = createScheduleStore(client, dipperKeys(prefix), silentLog);
      expect(await store.get('nightly-cache')).toMatchObject({
        id: 'nightly-cache',
        name: 'nightly-cache',
        cron: '0 3 * * *',
      });
    });
  });

  describe('when the file is JSON', () => {
    it('is read by its extension, or by its content without one', async () => {
      const doc = parse(await example()) as unknown;
      const byName = await writeFixture('alerting.json', JSON.stringify(doc));
      const byContent = await writeFixture('alerting.conf', JSON.stringify(doc, null, 2));
      const conn = connectionArgs(redis.url, uniquePrefix('json'));

      const first = await runCli('apply', '-f', byName, ...conn);
      const second = await runCli('apply', '-f', byContent, '--json', ...conn);

      expect(first.code).toBe(0);
      expect(second.code).toBe(0);
      const report = JSON.parse(second.stdout) as { changes: { rules: { unchanged: string[] } } };
      expect(report.changes.rules.unchanged).toEqual(['api-error-rate', 'queue-backlog']);
    });
  });
});
