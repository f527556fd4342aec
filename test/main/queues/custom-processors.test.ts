import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsumer, type JobOutcome } from '../../../main/queues/consumer.js';
import { loadCustomProcessors } from '../../../main/queues/custom-processors.js';
import { createProcessorRegistry } from '../../../main/queues/processor.js';
import { startTestRedis, type TestRedis } from '../../harness/redis.js';
import { fakeContext } from './fake-context.js';
import { openTestNode, quietLog, uniquePrefix, waitFor } from './queue-harness.js';

describe('loadCustomProcessors', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dipper-processors-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function moduleFile(name: string, source: string): Promise<string> {
    const file = join(dir, name);
    await writeFile(file, source);
    return file;
  }

  describe('when the default export maps names to functions', () => {
    it('returns them, callable with a context', async () => {
      const file = await moduleFile(
        'default.mjs',
        'export default { "greet": async (ctx) => `hello ${ctx.data.who} on attempt ${ctx.attempt}` };',
      );

      const loaded = await loadCustomProcessors(file);

      expect(loaded.ok && Object.keys(loaded.value)).toEqual(['greet']);
      const greet = loaded.ok ? loaded.value.greet : undefined;
      expect(await greet?.(fakeContext({ who: 'ops' }, { attempt: 2 }))).toBe(
        'hello ops on attempt 2',
      );
    });
  });

  describe('when the module has a named processors export', () => {
    it('prefers it to the default export', async () => {
      const file = await moduleFile(
        'named.mjs',
        'export const processors = { a: async () => 1, b: async () => 2 };\nexport default 42;',
      );

      const loaded = await loadCustomProcessors(file);

      expect(loaded.ok && Object.keys(loaded.value)).toEqual(['a', 'b']);
    });
  });

  describe('when the path is relative', () => {
    it('resolves it from the working directory', async () => {
      const file = await moduleFile('relative.mjs', 'export default { r: async () => "r" };');

      const loaded = await loadCustomProcessors(relative(process.cwd(), file));

      expect(loaded.ok && Object.keys(loaded.value)).toEqual(['r']);
    });
  });

  describe('when the file is missing', () => {
    it('fails with NOT_FOUND naming the absolute path', async () => {
      const loaded = await loadCustomProcessors(join(dir, 'nope.mjs'));

      expect(loaded).toEqual({
        ok: false,
        code: 'NOT_FOUND',
        message: `custom processor module "${join(dir, 'nope.mjs')}" does not exist`,
      });
    });
  });

  describe('when the exports have the wrong shape', () => {
    it.each([
      ['no-export.mjs', 'export const other = 1;', 'has no processors; expected a default export'],
      ['function.mjs', 'export default async () => 1;', 'default export is a function; expected'],
      ['array.mjs', 'export const processors = [];', 'export "processors" is an array; expected'],
      [
        'entry.mjs',
        'export default { ok: async () => 1, bad: "not a function" };',
        'default export entry "bad" is a string; expected a function',
      ],
      ['empty.mjs', 'export default {};', 'default export is empty; expected'],
    ])('rejects %s', async (name, source, expected) => {
      const file = await moduleFile(name, source);

      const loaded = await loadCustomProcessors(file);

      expect(loaded.ok).toBe(false);
      expect(!loaded.ok && loaded.code).toBe('BAD_REQUEST');
      expect(!loaded.ok && loaded.message).toContain(`custom processor module "${file}`);
      expect(!loaded.ok && loaded.message).toContain(expected);
    });
  });

  describe('when the module throws while loading', () => {
    it('fails with the module error', async () => {
      const file = await moduleFile('throws.mjs', 'throw new Error("missing API_TOKEN");');

      const loaded = await loadCustomProcessors(file);

      expect(!loaded.ok && loaded.message).toBe(
        `custom processor module "${file}" failed to load: missing API_TOKEN`,
      );
    });
  });

  describe('when a consumer runs a loaded processor', () => {
    let redis: TestRedis;

    beforeAll(async () => {
      redis = await startTestRedis({ appendOnly: false });
    });

    afterAll(async () => {
      await redis.stop();
    });

    it('completes the job with its return value', async () => {
      const file = await moduleFile(
        'consumer.mjs',
        'export default { "sum": async (ctx) => ctx.data.values.reduce((a, b) => a + b, 0) };',
      );
      const loaded = await loadCustomProcessors(file);
      if (!loaded.ok) throw new Error(loaded.message);
      const node = openTestNode(redis.port, uniquePrefix('custom'));
      const outcomes: JobOutcome[] = [];
      const consumer = startConsumer({
        registry: node.registry,
        queues: ['custom'],
        concurrency: 1,
        processors: createProcessorRegistry(loaded.value),
        log: quietLog,
        onOutcome: (e) => outcomes.push(e),
      });
      const queue = node.registry.get('custom');

      const job = await queue.add('sum', { values: [1, 2, 39] });
      await waitFor(() => outcomes.length === 1, 'sum job');

      expect(outcomes[0]).toMatchObject({ name: 'sum', outcome: 'completed' });
      expect((await queue.getJob(String(job.id)))?.returnvalue).toBe(42);
      await consumer.stop(1_000);
      await node.close();
    });
  });
});
