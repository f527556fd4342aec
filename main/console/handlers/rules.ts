import type { ConsoleHandlers } from '../../../shared/api/contract.js';
import { fail } from '../../../shared/result.js';
import type { ConsoleSession } from '../session.js';

// PLACEHOLDER: replaced by the real handlers before this lands.
const notBuilt = (method: string) => () =>
  Promise.resolve(fail('INTERNAL', `${method} is not built yet`));

export const rulesHandlers: Pick<
  ConsoleHandlers<ConsoleSession>,
  | 'rules.list'
  | 'rules.validate'
  | 'rules.save'
  | 'rules.remove'
  | 'rules.test'
  | 'rules.replay'
  | 'rules.evaluations'
> = {
  'rules.list': notBuilt('rules.list'),
  'rules.validate': notBuilt('rules.validate'),
  'rules.save': notBuilt('rules.save'),
  'rules.remove': notBuilt('rules.remove'),
  'rules.test': notBuilt('rules.test'),
  'rules.replay': notBuilt('rules.replay'),
  'rules.evaluations': notBuilt('rules.evaluations'),
};
