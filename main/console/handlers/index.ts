import type { ConsoleHandlers } from '../../../shared/api/contract.js';
import type { ConsoleSession } from '../session.js';
import { appHandlers } from './app.js';
import { queuesHandlers } from './queues.js';
import { jobsHandlers } from './jobs.js';
import { schedulesHandlers } from './schedules.js';
import { rulesHandlers } from './rules.js';
import { alertsHandlers } from './alerts.js';
import { channelsHandlers } from './channels.js';
import { profilesHandlers } from './profiles.js';

/** Every console method's handler; the type fails to check when one is missing. */
export const consoleHandlers: ConsoleHandlers<ConsoleSession> = {
  ...appHandlers,
  ...queuesHandlers,
  ...jobsHandlers,
  ...schedulesHandlers,
  ...rulesHandlers,
  ...alertsHandlers,
  ...channelsHandlers,
  ...profilesHandlers,
};
