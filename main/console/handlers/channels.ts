import type { ConsoleHandlers } from '../../../shared/api/contract.js';
import { fail } from '../../../shared/result.js';
import type { ConsoleSession } from '../session.js';

// PLACEHOLDER: replaced by the real handlers before this lands.
const notBuilt = (method: string) => () =>
  Promise.resolve(fail('INTERNAL', `${method} is not built yet`));

export const channelsHandlers: Pick<
  ConsoleHandlers<ConsoleSession>,
  'channels.list' | 'channels.save' | 'channels.remove' | 'channels.test'
> = {
  'channels.list': notBuilt('channels.list'),
  'channels.save': notBuilt('channels.save'),
  'channels.remove': notBuilt('channels.remove'),
  'channels.test': notBuilt('channels.test'),
};
