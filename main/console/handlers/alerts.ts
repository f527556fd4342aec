import type { ConsoleHandlers } from '../../../shared/api/contract.js';
import { fail } from '../../../shared/result.js';
import type { ConsoleSession } from '../session.js';

// PLACEHOLDER: replaced by the real handlers before this lands.
const notBuilt = (method: string) => () =>
  Promise.resolve(fail('INTERNAL', `${method} is not built yet`));

export const alertsHandlers: Pick<
  ConsoleHandlers<ConsoleSession>,
  | 'alerts.active'
  | 'alerts.history'
  | 'alerts.ack'
  | 'silences.list'
  | 'silences.create'
  | 'silences.remove'
> = {
  'alerts.active': notBuilt('alerts.active'),
  'alerts.history': notBuilt('alerts.history'),
  'alerts.ack': notBuilt('alerts.ack'),
  'silences.list': notBuilt('silences.list'),
  'silences.create': notBuilt('silences.create'),
  'silences.remove': notBuilt('silences.remove'),
};
