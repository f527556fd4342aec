import { echoProcessor } from './echo-processor.js';
import { httpCallProcessor } from './http-call-processor.js';
import type { Processor } from './processor.js';

/** The processors every node has: `echo` for checks and tests, `http.call` for webhooks. */
export function builtinProcessors(): Record<string, Processor> {
  return { echo: echoProcessor, 'http.call': httpCallProcessor };
}
