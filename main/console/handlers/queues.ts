import type { ConsoleHandlers } from '../../../shared/api/contract.js';
import { fail } from '../../../shared/result.js';
import type { ConsoleSession } from '../session.js';

// PLACEHOLDER: replaced by the real handlers before this lands.
const notBuilt = (method: string) => () =>
  Promise.resolve(fail('INTERNAL', `${method} is not built yet`));

export const queuesHandlers: Pick<
  ConsoleHandlers<ConsoleSession>,
  'queues.list' | 'queues.workers' | 'queues.pause' | 'queues.resume'
> = {
  'queues.list': notBuilt('queues.list'),
  'queues.workers': notBuilt('queues.workers'),
  'queues.pause': notBuilt('queues.pause'),
  'queues.resume': notBuilt('queues.resume'),
};
