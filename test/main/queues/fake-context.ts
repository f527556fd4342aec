import type { ProcessorContext } from '../../../main/queues/processor.js';

/** A ProcessorContext without Bull, recording progress and log lines. */
export interface FakeContext extends ProcessorContext {
  progressed: number[];
  lines: string[];
  abort(reason: Error): void;
}

export function fakeContext(
  data: unknown,
  overrides: Partial<Pick<ProcessorContext, 'attempt' | 'name' | 'jobId'>> = {},
): FakeContext {
  const controller = new AbortController();
  const progressed: number[] = [];
  const lines: string[] = [];

  return {
    jobId: overrides.jobId ?? '1',
    name: overrides.name ?? 'test',
    data,
    attempt: overrides.attempt ?? 1,
    signal: controller.signal,
    progress: async (pct) => {
      progressed.push(pct);
    },
    log: async (line) => {
      lines.push(line);
    },
    progressed,
    lines,
    abort: (reason) => controller.abort(reason),
  };
}
