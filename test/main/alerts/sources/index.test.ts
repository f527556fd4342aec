import { describe, expect, it } from 'vitest';
import { SourceConfigSchema } from '../../../../shared/alerting/source.js';
import { createSource, type RecordedStore } from '../../../../main/alerts/sources/index.js';
import { quietLog } from '../../queues/queue-harness.js';

const recorded = SourceConfigSchema.parse({ kind: 'recorded', series: 'replay' });

// A store whose reads throw synchronously, as a bug would.
const throwingStore = {
  readLatest: () => {
    throw new Error('store bug');
  },
} as unknown as RecordedStore;

describe('createSource', () => {
  describe('when a range query is malformed', () => {
    it('fails with BAD_REQUEST before reaching the source', async () => {
      const source = createSource(recorded, { recorded: throwingStore, log: quietLog });

      const result = await source.range({ query: '', fromMs: 2_000, toMs: 1_000, stepMs: 0 });

      expect(result).toEqual({
        ok: false,
        code: 'BAD_REQUEST',
        message:
          'invalid range query: stepMs: stepMs must be positive; toMs: fromMs must not be after toMs',
        issues: [
          { path: 'stepMs', message: 'stepMs must be positive' },
          { path: 'toMs', message: 'fromMs must not be after toMs' },
        ],
      });
    });

    it('refuses more than 11000 steps', async () => {
      const source = createSource(recorded, { recorded: throwingStore, log: quietLog });

      const result = await source.range({ query: '', fromMs: 0, toMs: 11_000, stepMs: 1 });

      expect(result).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
      expect(result.ok || result.message).toContain('more than 11000 steps; raise stepMs');
    });
  });

  describe('when the source throws', () => {
    it('answers INTERNAL instead of throwing', async () => {
      const source = createSource(recorded, { recorded: throwingStore, log: quietLog });

      const result = await source.instant({ query: '', atMs: 0 });

      expect(result).toEqual({
        ok: false,
        code: 'INTERNAL',
        message: 'recorded source failed unexpectedly: store bug',
      });
    });
  });

  describe('when a dependency is missing', () => {
    it('answers INTERNAL naming it', async () => {
      const queues = SourceConfigSchema.parse({ kind: 'queues', queue: 'q', metric: 'failed' });

      const result = await createSource(queues, { log: quietLog }).instant({ query: '', atMs: 0 });

      expect(result).toEqual({
        ok: false,
        code: 'INTERNAL',
        message: 'the queues source was created without getQueue',
      });
    });
  });
});
