import type { Series } from '../../../shared/alerting/series.js';
import {
  InstantQuerySchema,
  RangeQuerySchema,
  type SourceConfig,
  type SourceKind,
} from '../../../shared/alerting/source.js';
import { fail, type Result } from '../../../shared/result.js';
import { parseWith } from '../../../shared/validation.js';
import { createLogger, type Logger } from '../../log/logger.js';
import { createDruidSource } from './druid-source.js';
import { createHttpJsonSource } from './http-json-source.js';
import { messageOf, type MetricSource } from './metric-source.js';
import { createPrometheusSource } from './prometheus-source.js';
import { createQueuesSource, type GetQueue } from './queues-source.js';
import { createRecordedSource } from './recorded-source.js';
import type { RecordedStore } from './recorded-store.js';

export type { MetricSource } from './metric-source.js';
export type { GetQueue } from './queues-source.js';
export {
  createRecordedStore,
  type RecordedSetSummary,
  type RecordedStore,
  type WriteSummary,
} from './recorded-store.js';

/** What sources need besides their config. */
export interface SourceDeps {
  /** The Bull Queues of the Profile (QueueRegistry.get); `queues` sources need it. */
  getQueue?: GetQueue;
  /** The Profile's recorded sets; `recorded` sources need it. */
  recorded?: RecordedStore;
  log?: Logger;
}

/**
 * The source a parsed config describes. Its calls check the query first (BAD_REQUEST for a
 * range with fromMs after toMs, or more than MAX_RANGE_POINTS steps), and a stray throw
 * becomes INTERNAL after being logged, so evaluating a Rule can never crash the Node.
 */
export function createSource(config: SourceConfig, deps: SourceDeps = {}): MetricSource {
  const log = deps.log ?? createLogger('alerts.sources');
  const source = build(config, deps, log);

  async function guard(
    call: 'instant' | 'range',
    run: () => Promise<Result<Series[]>>,
  ): Promise<Result<Series[]>> {
    const startedAt = performance.now();
    try {
      const result = await run();
      const durationMs = Math.round(performance.now() - startedAt);
      if (result.ok)
        log.debug('source answered', {
          kind: config.kind,
          call,
          series: result.value.length,
          durationMs,
        });
      else log.debug('source failed', { kind: config.kind, call, code: result.code, durationMs });

      return result;
    } catch (error) {
      log.error('source threw', { kind: config.kind, call, error: messageOf(error) });
      return fail('INTERNAL', `${config.kind} source failed unexpectedly: ${messageOf(error)}`);
    }
  }

  return {
    instant: (query, signal) =>
      guard('instant', async () => {
        const q = parseWith(InstantQuerySchema, query, 'instant query');
        return q.ok ? source.instant(q.value, signal) : q;
      }),
    range: (query, signal) =>
      guard('range', async () => {
        const q = parseWith(RangeQuerySchema, query, 'range query');
        return q.ok ? source.range(q.value, signal) : q;
      }),
  };
}

function build(config: SourceConfig, deps: SourceDeps, log: Logger): MetricSource {
  switch (config.kind) {
    case 'prometheus':
      return createPrometheusSource(config, log);
    case 'druid':
      return createDruidSource(config);
    case 'http-json':
      return createHttpJsonSource(config);
    case 'queues':
      return deps.getQueue
        ? createQueuesSource(config, deps.getQueue, log)
        : missing(config.kind, 'getQueue');
    case 'recorded':
      return deps.recorded
        ? createRecordedSource(config, deps.recorded)
        : missing(config.kind, 'recorded');
  }
}

// A wiring bug, not a user error: reported on every call instead of thrown at start-up.
function missing(kind: SourceKind, dependency: keyof SourceDeps): MetricSource {
  const failure = async () =>
    fail('INTERNAL', `the ${kind} source was created without ${dependency}`);

  return { instant: failure, range: failure };
}
