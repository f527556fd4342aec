import type { AlertingConfig } from '../alerts/config-stores.js';
import type { HistoryStore } from '../alerts/history/history-store.js';
import type { SourceDeps } from '../alerts/sources/index.js';
import type { RedisClient } from '../connection/connection.js';
import type { Logger } from '../log/logger.js';
import type { Delivery } from '../notify/delivery.js';

/** What the platform's Job processors need: one node's alerting parts and its Redis. */
export interface PlatformDeps {
  client: RedisClient;
  /** The Profile's key prefix; every key written is under `<prefix>:dipper:`. */
  prefix: string;
  config: AlertingConfig;
  sourceDeps: SourceDeps;
  history: HistoryStore;
  delivery: Delivery;
  /**
   * Reloads the channels `delivery` knows (Alerting.refreshChannels): a node that has not
   * evaluated a Rule yet has not read them, and `enqueue` skips channels it does not know.
   */
  refreshChannels?: () => Promise<void>;
  log: Logger;
  /** The clock for Jobs that were not produced by a Schedule; default Date.now. */
  now?: () => number;
}
