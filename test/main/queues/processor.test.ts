import { describe, expect, it } from 'vitest';
import { builtinProcessors } from '../../../main/queues/builtin-processors.js';
import { echoProcessor } from '../../../main/queues/echo-processor.js';
import { createProcessorRegistry } from '../../../main/queues/processor.js';
import { fakeContext } from './fake-context.js';

const noop = async () => undefined;

describe('createProcessorRegistry', () => {
  it('returns the processor registered under a job name', async () => {
    const registry = createProcessorRegistry({ 'report.build': async () => 'built' });

    const found = registry.get('report.build');

    expect(found.ok && (await found.value(fakeContext({})))).toBe('built');
  });

  describe('when the job name is unknown', () => {
    it('fails naming the registered processors in order', () => {
      const registry = createProcessorRegistry(builtinProcessors());
      registry.register('a.first', noop);

      expect(registry.get('x')).toEqual({
        ok: false,
        code: 'NOT_FOUND',
        message: 'no processor for job "x"; registered: a.first, echo, http.call',
      });
    });

    it('says (none) when nothing is registered', () => {
      const found = createProcessorRegistry().get('x');

      expect(!found.ok && found.message).toBe('no processor for job "x"; registered: (none)');
    });
  });

  describe('when a name is registered twice', () => {
    it('throws', () => {
      const registry = createProcessorRegistry({ echo: noop });

      expect(() => registry.register('echo', noop)).toThrow(
        'processor "echo" is already registered',
      );
    });
  });

  describe("when the name is Bull's wildcard", () => {
    it('throws', () => {
      expect(() => createProcessorRegistry({ '*': noop })).toThrow(
        'processor name "*" is reserved; expected a Job name',
      );
    });
  });
});

describe('echoProcessor', () => {
  it('returns its data unchanged', async () => {
    expect(await echoProcessor(fakeContext(['a', 1]))).toEqual(['a', 1]);
    expect(await echoProcessor(fakeContext('plain'))).toBe('plain');
  });

  describe('when failTimes is 2', () => {
    it('throws on attempts 1 and 2 and returns its data on attempt 3', async () => {
      const data = { failTimes: 2 };

      await expect(echoProcessor(fakeContext(data, { attempt: 1 }))).rejects.toThrow(
        'echo fails on purpose: attempt 1 of failTimes 2',
      );
      await expect(echoProcessor(fakeContext(data, { attempt: 2 }))).rejects.toThrow(
        'echo fails on purpose: attempt 2 of failTimes 2',
      );
      expect(await echoProcessor(fakeContext(data, { attempt: 3 }))).toEqual({ failTimes: 2 });
    });
  });

  describe('when the signal fires during sleepMs', () => {
    it('stops sleeping at once', async () => {
      const ctx = fakeContext({ sleepMs: 60_000 });
      const running = echoProcessor(ctx);

      ctx.abort(new Error('job 1 timed out after 5 ms'));

      await expect(running).rejects.toThrow('The operation was aborted');
    });
  });

  describe('when a knob has the wrong type', () => {
    it('fails naming the field', async () => {
      await expect(echoProcessor(fakeContext({ sleepMs: 'long' }))).rejects.toThrow(
        'invalid echo data: sleepMs: expected a number; got "long"',
      );
    });
  });
});
