import { echoProcessor } from '../../../main/queues/echo-processor.js';
import type { Processor } from '../../../main/queues/processor.js';

/** Loaded by node processes with `--processors`: which process ran an attempt is in the job log. */
export const processors: Record<string, Processor> = {
  /** The built-in `echo`, after appending `pid <pid>` to the job's log. */
  'echo.traced': async (ctx) => {
    await ctx.log(`pid ${process.pid}`);
    return echoProcessor(ctx);
  },
};
