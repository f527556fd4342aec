import type { ProcessorRegistry } from '../queues/processor.js';
import { tickJobId } from '../scheduler/tick-id.js';
import type { Schedule } from '../../shared/schedule.js';

/** Runs a `lock` schedule's tick with the processor of its job name, outside Bull. */
export async function runInPlace(
  processors: ProcessorRegistry,
  schedule: Schedule,
  tickMs: number,
  signal: AbortSignal,
): Promise<unknown> {
  const processor = processors.get(schedule.job);
  if (!processor.ok) throw new Error(processor.message);
  if (signal.aborted) throw new Error('lock lost before the task started');

  return processor.value({
    jobId: tickJobId(schedule.id, tickMs),
    name: schedule.job,
    data: schedule.data,
    attempt: 1,
    signal,
    progress: async () => undefined,
    log: async () => undefined,
  });
}
