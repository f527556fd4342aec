import type { ConsoleHandlers } from '../../../shared/api/contract.js';
import { fail } from '../../../shared/result.js';
import type { ConsoleSession } from '../session.js';

// PLACEHOLDER: replaced by the real handlers before this lands.
const notBuilt = (method: string) => () =>
  Promise.resolve(fail('INTERNAL', `${method} is not built yet`));

export const jobsHandlers: Pick<
  ConsoleHandlers<ConsoleSession>,
  | 'jobs.page'
  | 'jobs.get'
  | 'jobs.data'
  | 'jobs.retry'
  | 'jobs.promote'
  | 'jobs.remove'
  | 'jobs.bulkCount'
  | 'jobs.bulk'
> = {
  'jobs.page': notBuilt('jobs.page'),
  'jobs.get': notBuilt('jobs.get'),
  'jobs.data': notBuilt('jobs.data'),
  'jobs.retry': notBuilt('jobs.retry'),
  'jobs.promote': notBuilt('jobs.promote'),
  'jobs.remove': notBuilt('jobs.remove'),
  'jobs.bulkCount': notBuilt('jobs.bulkCount'),
  'jobs.bulk': notBuilt('jobs.bulk'),
};
