import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpReceiver, type HttpReceiver } from '../../harness/http-receiver.js';
import { startTestRedis, uniquePrefix, type TestRedis } from '../../harness/redis.js';
import { connectionArgs, runCli } from './run-cli.js';

const CSV = [
  'timestamp,value,app',
  '2026-05-01T10:00:00Z,50,web',
  '2026-05-01T10:00:00Z,95,api',
  '2026-05-01T10:01:00Z,40,web',
  '',
].join('\n');

describe('dipper record', () => {
  let redis: TestRedis;
  let dir: string;

  beforeAll(async () => {
    redis = await startTestRedis({ appendOnly: false });
    dir = await mkdtemp(join(tmpdir(), 'dipper-record-'));
  });

  afterAll(async () => {
    await redis.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function fixture(name: string, text: string): Promise<string> {
    const file = join(dir, name);
    await writeFile(file, text);
    return file;
  }

  describe('import', () => {
    it('stores a CSV file as a recorded set and lists it', async () => {
      const conn = connectionArgs(redis.url, uniquePrefix('import'));
      const file = await fixture('cpu.csv', CSV);

      const imported = await runCli('record', 'import', file, '--set', 'cpu', ...conn);
      const listed = await runCli('record', 'list', ...conn);

      expect(imported).toEqual({
        code: 0,
        stderr: '',
        stdout: 'recorded set "cpu": 2 series, 3 samples\n',
      });
      expect(listed.stdout).toBe(
        [
          'SET  SERIES  SAMPLES  FROM (UTC)                TO (UTC)',
          'cpu  2       3        2026-05-01T10:00:00.000Z  2026-05-01T10:01:00.000Z',
          '',
        ].join('\n'),
      );
    });

    it('counts one sample in the singular', async () => {
      const conn = connectionArgs(redis.url, uniquePrefix('one-sample'));
      const file = await fixture('one.csv', 'timestamp,value\n2026-05-01T10:00:00Z,1\n');

      const imported = await runCli('record', 'import', file, '--set', 'one', ...conn);

      expect(imported.stdout).toBe('recorded set "one": 1 series, 1 sample\n');
    });

    it('refuses a CSV with a bad line, naming the line, and stores nothing', async () => {
      const conn = connectionArgs(redis.url, uniquePrefix('bad-csv'));
      const file = await fixture('bad.csv', CSV.replace('40,web', 'forty,web'));

      const run = await runCli('record', 'import', file, '--set', 'cpu', ...conn);
      const listed = await runCli('record', 'list', ...conn);

      expect(run).toEqual({
        code: 2,
        stdout: '',
        stderr: `dipper: BAD_REQUEST: ${file}: invalid CSV: line 4: value "forty" is not a finite number\n`,
      });
      expect(listed.stdout).toBe('(none)\n');
    });

    it('refuses a bad set name as --set, before reading the file', async () => {
      const conn = connectionArgs(redis.url, uniquePrefix('bad-set'));
      const file = await fixture('cpu-set.csv', CSV);

      const imported = await runCli('record', 'import', file, '--set', 'cpu load', ...conn);
      const removed = await runCli('record', 'remove', 'cpu:load', ...conn);

      expect(imported).toEqual({
        code: 2,
        stdout: '',
        stderr:
          `error: option '--set <name>' argument 'cpu load' is invalid. set name must be 1-128 of ` +
          `A-Z a-z 0-9 _ . - (no ":" or braces); got "cpu load".\n(add --help for usage)\n`,
      });
      expect(removed.code).toBe(2);
      expect(removed.stderr).toContain(
        `command-argument value 'cpu:load' is invalid for argument 'set'. set name must be`,
      );
    });

    it('reads JSON series by the file extension', async () => {
      const conn = connectionArgs(redis.url, uniquePrefix('json'));
      const series = [
        {
          labels: { app: 'api' },
          samples: [
            { t: 1_000, v: 1 },
            { t: 2_000, v: 2 },
          ],
        },
      ];
      const file = await fixture('cpu.json', JSON.stringify(series));

      const run = await runCli('record', 'import', file, '--set', 'cpu', '--json', ...conn);

      expect(JSON.parse(run.stdout)).toEqual({ set: 'cpu', seriesCount: 1, sampleCount: 2 });
    });
  });

  describe('capture', () => {
    let prometheus: HttpReceiver;

    beforeAll(async () => {
      prometheus = await startHttpReceiver();
    });

    afterAll(async () => {
      await prometheus.close();
    });

    it('stores the answer of a range query on a configured source', async () => {
      const prefix = uniquePrefix('capture');
      const conn = connectionArgs(redis.url, prefix);
      const source = {
        version: 1,
        sources: [
          { id: 'prom', name: 'Prometheus', config: { kind: 'prometheus', url: prometheus.url } },
        ],
      };
      await runCli('apply', '-f', await fixture(`${prefix}.json`, JSON.stringify(source)), ...conn);
      const t0 = Date.parse('2026-05-01T10:00:00Z') / 1_000;
      prometheus.answer({
        status: 200,
        body: {
          status: 'success',
          data: {
            resultType: 'matrix',
            result: [
              {
                metric: { app: 'api' },
                values: [
                  [t0, '1'],
                  [t0 + 60, '2'],
                  [t0 + 120, '3'],
                ],
              },
            ],
          },
        },
      });

      const run = await runCli(
        'record',
        'capture',
        '--set',
        'api-errors',
        '--source',
        'prom',
        '--query',
        'sum by (app) (errors)',
        '--from',
        '2026-05-01T10:00:00Z',
        '--to',
        '2026-05-01T10:02:00Z',
        '--step',
        '1m',
        ...conn,
      );

      expect(run).toEqual({
        code: 0,
        stderr: '',
        stdout: 'recorded set "api-errors": 1 series, 3 samples\n',
      });
      const request = prometheus.requests.at(-1);
      expect(request?.path).toBe('/api/v1/query_range');
      expect(`${request?.rawUrl ?? ''} ${request?.rawBody ?? ''}`).toContain('step=60');
    });
  });
});
