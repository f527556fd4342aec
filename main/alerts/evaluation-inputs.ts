import type { RedisClient } from '../connection/connection.js';
import type { Logger } from '../log/logger.js';
import type { AlertInstance } from '../../shared/alerting/alert.js';
import type { SourceDef } from '../../shared/alerting/config.js';
import type { Rule } from '../../shared/alerting/rule.js';
import type { Result } from '../../shared/result.js';
import type { AlertingConfig } from './config-stores.js';
import { repeatMarksKey } from './notifier.js';
import { createSource, type MetricSource, type SourceDeps } from './sources/index.js';
import { alertStateKeys, asHash, decodeAlerts, resultsOf } from './state/alert-store.js';

/** A stored document as this node last read it; `doc` is null when it did not validate. */
export interface Known<T> {
  raw: string;
  doc: T | null;
}

export type KnownRule = Known<Rule>;
export type KnownSource = Known<{ def: SourceDef; metric: MetricSource }>;

/** A Rule's Alert state as saved or read here last, for the save's compare-and-set. */
export interface KnownState {
  version: number;
  /** Acknowledgements made so far (meta `a`), checked by an unread save. */
  ackCount: number;
  /** Newest tick saved, epoch ms; null before the first save. */
  newestTickMs: number | null;
  instances: Map<string, AlertInstance>;
}

/** Everything an evaluation reads from Redis, from one round trip. */
export interface EvaluationInputs extends KnownState {
  /** Null when the Rule does not exist. */
  rule: KnownRule | null;
  /** The source read with the Rule (`sourceId`); undefined when none was asked for. */
  source: KnownSource | null | undefined;
  sourceId: string | undefined;
  repeatMarks: Record<string, string>;
}

/**
 * Reads what one evaluation needs in one pipeline: the Rule and its source (as raw JSON, parsed
 * again only when the text changed), the state version and newest tick, the Alerts and their
 * acknowledgements, and the repeat marks. The version is read first: a save landing between the
 * reads can only make the version older than the Alerts, which the save's compare-and-set then
 * refuses, never the other way round.
 *
 * The last Rule and source seen are kept per id so that an evaluation can start its query before
 * this read confirms them, and the last state saved per Rule so that the next evaluation on this
 * node can save without reading, guarded by SAVE_STATE's `unchanged` check. The maps hold one
 * entry per Rule and source evaluated on this node.
 */
export function createInputReader(options: {
  client: RedisClient;
  prefix: string;
  config: AlertingConfig;
  sourceDeps: SourceDeps;
  log: Logger;
}) {
  const { client, config, log } = options;
  const keys = alertStateKeys(options.prefix);
  const rules = new Map<string, KnownRule>();
  const sources = new Map<string, KnownSource>();
  const states = new Map<string, KnownState>();

  function known<T>(
    cache: Map<string, Known<T>>,
    id: string,
    raw: string | null,
    what: string,
    parse: (input: unknown) => Result<T>,
  ): Known<T> | null {
    if (raw === null) {
      cache.delete(id);
      return null;
    }
    const hit = cache.get(id);
    if (hit?.raw === raw) return hit;

    const parsed = parse(parseJson(raw));
    if (!parsed.ok) log.warn(`stored ${what} is invalid; ignored`, { id });
    const entry = { raw, doc: parsed.ok ? parsed.value : null };
    cache.set(id, entry);

    return entry;
  }

  const ruleOf = (id: string, raw: string | null) =>
    known(rules, id, raw, 'rule', (input) => config.rules.validate(input));
  const sourceOf = (id: string, raw: string | null) =>
    known(sources, id, raw, 'source', (input) => {
      const parsed = config.sources.validate(input);
      if (!parsed.ok) return parsed;
      const metric = createSource(parsed.value.config, options.sourceDeps);
      return { ok: true as const, value: { def: parsed.value, metric } };
    });

  return {
    /** The Rule and its source as last read here, if they were. */
    cached(
      ruleId: string,
    ):
      | { rule: KnownRule; source: KnownSource | undefined; state: KnownState | undefined }
      | undefined {
      const rule = rules.get(ruleId);
      if (!rule) return undefined;

      const sourceId = rule.doc?.source.sourceId;
      const source = sourceId === undefined ? undefined : sources.get(sourceId);
      return { rule, source, state: states.get(ruleId) };
    },

    /** Keeps the state a save of this node applied; forgets it when the save did not apply. */
    noteState(ruleId: string, state: KnownState | null): void {
      if (state) states.set(ruleId, state);
      else states.delete(ruleId);
    },

    async read(ruleId: string, sourceId: string | undefined): Promise<EvaluationInputs> {
      const pipeline = client.pipeline().hget(config.rules.key, ruleId);
      if (sourceId !== undefined) pipeline.hget(config.sources.key, sourceId);
      pipeline
        .hmget(keys.meta(ruleId), 'v', 't', 'a')
        .hgetall(keys.state(ruleId))
        .hgetall(keys.acks(ruleId))
        .hgetall(repeatMarksKey(options.prefix, ruleId));
      const replies = resultsOf(await pipeline.exec());
      const [ruleRaw] = replies as [string | null];
      const rest = replies.slice(sourceId === undefined ? 1 : 2);
      const [meta, state, acks, marks] = rest as [(string | null)[], unknown, unknown, unknown];
      const [version, newest, ackCount] = meta;

      return {
        rule: ruleOf(ruleId, ruleRaw),
        source:
          sourceId === undefined ? undefined : sourceOf(sourceId, replies[1] as string | null),
        sourceId,
        version: Number(version ?? 0),
        ackCount: Number(ackCount ?? 0),
        newestTickMs: newest === null || newest === undefined ? null : Number(newest),
        instances: decodeAlerts(ruleId, asHash(state), asHash(acks), log),
        repeatMarks: asHash(marks),
      };
    },

    /** Reads one source on its own (a Rule seen for the first time, or moved to another). */
    async readSource(sourceId: string): Promise<KnownSource | null> {
      return sourceOf(sourceId, await client.hget(config.sources.key, sourceId));
    },
  };
}

export type InputReader = ReturnType<typeof createInputReader>;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
