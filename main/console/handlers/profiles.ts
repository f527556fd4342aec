import type { ConsoleHandlers } from '../../../shared/api/contract.js';
import { fail } from '../../../shared/result.js';
import type { ConsoleSession } from '../session.js';

// PLACEHOLDER: replaced by the real handlers before this lands.
const notBuilt = (method: string) => () =>
  Promise.resolve(fail('INTERNAL', `${method} is not built yet`));

export const profilesHandlers: Pick<
  ConsoleHandlers<ConsoleSession>,
  'profiles.list' | 'profiles.checks' | 'profiles.save' | 'profiles.remove' | 'profiles.switch'
> = {
  'profiles.list': notBuilt('profiles.list'),
  'profiles.checks': notBuilt('profiles.checks'),
  'profiles.save': notBuilt('profiles.save'),
  'profiles.remove': notBuilt('profiles.remove'),
  'profiles.switch': notBuilt('profiles.switch'),
};
