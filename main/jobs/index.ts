import type { Alerting } from '../alerts/alerting.js';
import type { Connection } from '../connection/connection.js';
import type { Logger } from '../log/logger.js';
import type { Processor } from '../queues/processor.js';
import { CACHE_REFRESH_JOB, STATS_SAMPLE_JOB, WEEKLY_REPORT_JOB } from '../../shared/jobs.js';
import { createCacheRefreshProcessor } from './cache-refresh.js';
import type { PlatformDeps } from './platform-deps.js';
import { createStatsSampleProcessor } from './stats-sample.js';
import { createWeeklyReportProcessor } from './weekly-report.js';

export type { PlatformDeps } from './platform-deps.js';
export { cacheKey, type CacheRefreshResult } from './cache-refresh.js';
export { readStatsSamples, statsKeys } from './stats-store.js';
export type { StatsSampleResult } from './stats-sample.js';
export type { WeeklyReportResult } from './weekly-report.js';

/**
 * The platform's scheduled work besides alert evaluation, by Job name: `cache.refresh`,
 * `stats.sample` and `report.weekly` (data schemas in shared/jobs.ts). A Schedule runs them
 * on any queue; each derives its work from the tick, so a re-run of a tick is harmless.
 */
export function createPlatformProcessors(deps: PlatformDeps): Record<string, Processor> {
  const log = deps.log;

  return {
    [CACHE_REFRESH_JOB]: createCacheRefreshProcessor({ ...deps, log: log.child('cache') }),
    [STATS_SAMPLE_JOB]: createStatsSampleProcessor({ ...deps, log: log.child('stats') }),
    [WEEKLY_REPORT_JOB]: createWeeklyReportProcessor({ ...deps, log: log.child('report') }),
  };
}

/** The deps of createPlatformProcessors from a node's connection and alerting. */
export function platformDepsFrom(
  connection: Connection,
  alerting: Alerting,
  log: Logger,
): PlatformDeps {
  return {
    client: connection.client,
    prefix: connection.prefix,
    config: alerting.config,
    sourceDeps: alerting.deps.sourceDeps,
    history: alerting.history,
    delivery: alerting.delivery,
    refreshChannels: alerting.refreshChannels,
    log,
  };
}
