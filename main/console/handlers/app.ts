import type { ConsoleHandlers } from '../../../shared/api/contract.js';
import { fail } from '../../../shared/result.js';
import type { ConsoleSession } from '../session.js';

// PLACEHOLDER: replaced by the real handlers before this lands.
const notBuilt = (method: string) => () =>
  Promise.resolve(fail('INTERNAL', `${method} is not built yet`));

export const appHandlers: Pick<
  ConsoleHandlers<ConsoleSession>,
  'app.info' | 'live.snapshot' | 'nodes.list' | 'audit.list'
> = {
  'app.info': notBuilt('app.info'),
  'live.snapshot': notBuilt('live.snapshot'),
  'nodes.list': notBuilt('nodes.list'),
  'audit.list': notBuilt('audit.list'),
};
