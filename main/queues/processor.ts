import { fail, ok, type Result } from '../../shared/result.js';

/** What a processor sees of one Job attempt; Bull's job object stays inside the consumer. */
export interface ProcessorContext {
  jobId: string;
  /** The Job name the processor was chosen by. */
  name: string;
  /** Untrusted: parse it before use. */
  data: unknown;
  /** 1 on the first run, 2 on the first retry; a stalled re-run keeps its number. */
  attempt: number;
  /** Fires when the Job times out or the node stops; side effects should stop with it. */
  signal: AbortSignal;
  /** Records progress, 0-100, readable with `queue.getJob(id)`. */
  progress(pct: number): Promise<void>;
  /** Appends a line to the Job's log, readable with `queue.getJobLogs(id)`. */
  log(line: string): Promise<void>;
}

/** Runs one Job attempt; the resolved value is stored as the return value, a throw fails it. */
export type Processor = (ctx: ProcessorContext) => Promise<unknown>;

/** Processors by Job name. */
export interface ProcessorRegistry {
  /** Throws when the name is taken: two processors for one name is a wiring bug. */
  register(name: string, processor: Processor): void;
  /** NOT_FOUND names the registered processors so a typo is easy to spot. */
  get(name: string): Result<Processor>;
  names(): string[];
}

export function createProcessorRegistry(
  initial: Record<string, Processor> = {},
): ProcessorRegistry {
  const processors = new Map<string, Processor>();
  const registry: ProcessorRegistry = {
    register(name, processor) {
      if (name === '' || name === '*') {
        throw new Error(`processor name "${name}" is reserved; expected a Job name`);
      }
      if (processors.has(name)) throw new Error(`processor "${name}" is already registered`);

      processors.set(name, processor);
    },
    get(name) {
      const processor = processors.get(name);
      if (processor) return ok(processor);

      const known = registry.names().join(', ') || '(none)';
      return fail('NOT_FOUND', `no processor for job "${name}"; registered: ${known}`);
    },
    names: () => [...processors.keys()].sort(),
  };

  for (const [name, processor] of Object.entries(initial)) registry.register(name, processor);

  return registry;
}
