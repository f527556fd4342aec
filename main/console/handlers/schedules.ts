import type { ConsoleHandlers } from '../../../shared/api/contract.js';
import { fail } from '../../../shared/result.js';
import type { ConsoleSession } from '../session.js';

// PLACEHOLDER: replaced by the real handlers before this lands.
const notBuilt = (method: string) => () =>
  Promise.resolve(fail('INTERNAL', `${method} is not built yet`));

export const schedulesHandlers: Pick<
  ConsoleHandlers<ConsoleSession>,
  | 'schedules.list'
  | 'schedules.validate'
  | 'schedules.preview'
  | 'schedules.save'
  | 'schedules.setEnabled'
  | 'schedules.remove'
  | 'schedules.runNow'
  | 'schedules.ledger'
> = {
  'schedules.list': notBuilt('schedules.list'),
  'schedules.validate': notBuilt('schedules.validate'),
  'schedules.preview': notBuilt('schedules.preview'),
  'schedules.save': notBuilt('schedules.save'),
  'schedules.setEnabled': notBuilt('schedules.setEnabled'),
  'schedules.remove': notBuilt('schedules.remove'),
  'schedules.runNow': notBuilt('schedules.runNow'),
  'schedules.ledger': notBuilt('schedules.ledger'),
};
