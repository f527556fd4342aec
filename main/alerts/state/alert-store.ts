import type { RedisClient } from '../../connection/connection.js';
import { defineScript, runScript } from '../../connection/script.js';
import type { Logger } from '../../log/logger.js';
import type { AlertInstance, AlertState } from '../../../shared/alerting/alert.js';
import { fail, ok, type Result } from '../../../shared/result.js';
import { SAVE_STATE, saveStateCall, type SaveExtras } from './save-script.js';
import {
  decodeAck,
  decodeInstance,
  encodeAck,
  encodeInstance,
  type StoredAck,
} from './instance-codec.js';

/** The Alerts of one Rule and the version they were read at (for compare-and-set). */
export interface RuleAlerts {
  version: number;
  instances: Map<string, AlertInstance>;
}

/** Longest `by` of an acknowledgement, in characters. */
export const MAX_ACK_BY_LENGTH = 200;

/** States in which an acknowledgement lasts; it ends with the episode (resolved, normal). */
const ACK_LASTS_IN: ReadonlySet<AlertState> = new Set(['pending', 'firing', 'nodata', 'error']);

/** Dipper's keys for Alert state, under the profile prefix (one hash tag covers them). */
export function alertStateKeys(prefix: string) {
  const base = `${prefix}:dipper:alerts`;

  return {
    /** Hash: series key -> compact Alert JSON. */
    state: (ruleId: string) => `${base}:state:${ruleId}`,
    /** Hash: series key -> acknowledgement; separate so an ack never conflicts with a save. */
    acks: (ruleId: string) => `${base}:acks:${ruleId}`,
    /** Hash: `v` version, `t` newest tick applied (epoch ms), `a` acknowledgements made. */
    meta: (ruleId: string) => `${base}:meta:${ruleId}`,
    /** Set of Rule ids with at least one firing Alert. */
    firingRules: `${base}:firing-rules`,
  };
}

// Acknowledges a firing Alert and counts it in meta `a`, which an evaluation from state it
// did not read checks (SAVE_STATE's guard). KEYS: state, acks, meta. ARGV: series key, ack JSON.
// Returns {1, alert JSON} or {0, reason, state}.
const ACK = defineScript(`
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return {0, 'missing', ''} end
local okay, alert = pcall(cjson.decode, raw)
if not okay or type(alert) ~= 'table' then return {0, 'corrupt', ''} end
if alert.s ~= 'firing' then return {0, 'state', tostring(alert.s)} end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('HINCRBY', KEYS[3], 'a', 1)
return {1, raw}
`);

/** A Rule's stored Alerts (state and acknowledgement hashes) by series key. */
export function decodeAlerts(
  ruleId: string,
  raw: Record<string, string>,
  acks: Record<string, string>,
  log: Logger,
): Map<string, AlertInstance> {
  const instances = new Map<string, AlertInstance>();
  for (const [key, json] of Object.entries(raw)) {
    const alert = decodeInstance(ruleId, key, json, decodeAck(acks[key]));
    if (alert) instances.set(key, alert);
    else log.warn('stored alert is invalid; ignored', { ruleId, seriesKey: key });
  }

  return instances;
}

/**
 * Alert state in Redis: one hash per Rule, so Alerts survive a node restart and are shared by
 * every node. State is keyed by Rule id and series key; see docs/alerting.md for which Rule
 * edits reset it (main/alerts/engine/rule-edit.ts).
 */
export function createAlertStore(client: RedisClient, prefix: string, log: Logger) {
  const keys = alertStateKeys(prefix);
  const decodeAll = (ruleId: string, raw: Record<string, string>, acks: Record<string, string>) =>
    decodeAlerts(ruleId, raw, acks, log);

  return {
    /** The Rule's Alerts and the version to pass back to save. */
    async load(ruleId: string): Promise<RuleAlerts> {
      const replies = await client
        .multi()
        .hgetall(keys.state(ruleId))
        .hgetall(keys.acks(ruleId))
        .hget(keys.meta(ruleId), 'v')
        .exec();
      const [state, acks, version] = resultsOf(replies);

      return {
        version: Number(version ?? 0),
        instances: decodeAll(ruleId, asHash(state), asHash(acks)),
      };
    },

    /** The Alerts of several Rules in one round trip, by Rule id (empty maps for none). */
    async loadMany(ruleIds: readonly string[]): Promise<Map<string, Map<string, AlertInstance>>> {
      if (ruleIds.length === 0) return new Map();

      const pipeline = client.pipeline();
      for (const id of ruleIds) pipeline.hgetall(keys.state(id)).hgetall(keys.acks(id));
      const replies = resultsOf(await pipeline.exec());

      return new Map(
        ruleIds.map((id, i) => [
          id,
          decodeAll(id, asHash(replies[2 * i]), asHash(replies[2 * i + 1])),
        ]),
      );
    },

    /** The newest tick whose evaluation was saved, in epoch ms; null before the first save. */
    async newestTick(ruleId: string): Promise<number | null> {
      const raw = await client.hget(keys.meta(ruleId), 't');

      return raw === null ? null : Number(raw);
    },

    /**
     * Replaces the Rule's Alerts. With `expectedVersion` (from load) and `tickMs` (the tick
     * evaluated), a second writer of the same state or the same tick gets CONFLICT and must not
     * notify. Acknowledgements of Alerts whose episode ended are dropped in the same step, and
     * `extras` (the evaluation's log record, repeat marks) are written only if it applies.
     */
    async save(
      ruleId: string,
      instances: ReadonlyMap<string, AlertInstance>,
      expectedVersion?: number,
      tickMs?: number,
      extras?: SaveExtras,
    ): Promise<Result<{ version: number }>> {
      let hasFiring = false;
      const alerts: (string | number)[] = [];
      for (const [key, alert] of instances) {
        hasFiring ||= alert.state === 'firing';
        alerts.push(key, encodeInstance(alert), ACK_LASTS_IN.has(alert.state) ? 1 : 0);
      }

      const call = saveStateCall(
        [keys.state(ruleId), keys.acks(ruleId), keys.meta(ruleId), keys.firingRules],
        {
          ruleId,
          hasFiring,
          ...(expectedVersion === undefined ? {} : { expectedVersion }),
          ...(tickMs === undefined ? {} : { tickMs }),
        },
        alerts,
        extras,
      );
      const reply = (await runScript(client, SAVE_STATE, call.keys, call.args)) as (
        number | string
      )[];
      const [applied, version, reason, newest] = reply;
      if (applied === 1) return ok({ version: Number(version) });

      const message =
        reason === 'tick'
          ? `alert state of rule "${ruleId}" already has tick ${newest}, not before ${tickMs}; another node evaluated it`
          : reason === 'changed'
            ? `rule "${ruleId}", its source or its acknowledgements changed since the state was read`
            : `alert state of rule "${ruleId}" is at version ${version}; expected ${expectedVersion} (another node saved first)`;
      log.debug('alert state not saved', { ruleId, reason, version, expectedVersion, tickMs });

      return fail('CONFLICT', message);
    },

    /** Acknowledges a firing Alert; the acknowledgement lasts until the Alert resolves. */
    async ack(
      ruleId: string,
      seriesKey: string,
      by: string,
      atMs: number,
    ): Promise<Result<AlertInstance>> {
      const who = by.trim();
      if (who === '' || who.length > MAX_ACK_BY_LENGTH) {
        return fail(
          'BAD_REQUEST',
          `by must be 1-${MAX_ACK_BY_LENGTH} characters; got ${who.length}`,
        );
      }

      const ack: StoredAck = { by: who, atMs };
      const reply = (await runScript(
        client,
        ACK,
        [keys.state(ruleId), keys.acks(ruleId), keys.meta(ruleId)],
        [seriesKey, encodeAck(ack)],
      )) as (number | string)[];
      const [applied, detail, state] = reply;
      const alert = applied === 1 ? decodeInstance(ruleId, seriesKey, String(detail), ack) : null;
      if (alert) {
        log.info('alert acknowledged', { ruleId, seriesKey, by: who });
        return ok(alert);
      }

      if (detail === 'state') {
        return fail(
          'CONFLICT',
          `alert ${seriesKey} of rule "${ruleId}" is ${state}; only firing alerts can be acknowledged`,
        );
      }
      return fail('NOT_FOUND', `rule "${ruleId}" has no alert for series ${seriesKey}`);
    },

    /** Every firing Alert across Rules, by Rule id then series key. */
    async listFiring(): Promise<AlertInstance[]> {
      // TODO: read the rules in chunks instead of one pipeline; fine below ~10k firing rules.
      const active = await this.listActive(await client.smembers(keys.firingRules));
      return active.filter((a) => a.state === 'firing');
    },

    /**
     * Every Alert of these Rules that is not normal (pending, firing, resolved, nodata, error),
     * by Rule id then series key, read in one pipeline.
     */
    async listActive(ruleIds: readonly string[]): Promise<AlertInstance[]> {
      const ids = [...ruleIds].sort();
      if (ids.length === 0) return [];

      const pipeline = client.pipeline();
      for (const id of ids) pipeline.hgetall(keys.state(id)).hgetall(keys.acks(id));
      const replies = resultsOf(await pipeline.exec());

      return ids.flatMap((id, i) => {
        const state = asHash(replies[2 * i]);
        const acks = asHash(replies[2 * i + 1]);
        return [...decodeAll(id, state, acks).values()]
          .filter((a) => a.state !== 'normal')
          .sort((a, b) => (a.seriesKey < b.seriesKey ? -1 : 1));
      });
    },

    /**
     * Drops every Alert of a Rule (an edit that changes what it evaluates, or disabling it) and
     * bumps the version so that an evaluation started before cannot write them back. Returns
     * the dropped Alerts; no resolve transition is produced for them.
     */
    async reset(ruleId: string): Promise<AlertInstance[]> {
      const replies = await client
        .multi()
        .hgetall(keys.state(ruleId))
        .hgetall(keys.acks(ruleId))
        .del(keys.state(ruleId), keys.acks(ruleId))
        .hincrby(keys.meta(ruleId), 'v', 1)
        .srem(keys.firingRules, ruleId)
        .exec();
      const [state, acks] = resultsOf(replies);
      const dropped = [...decodeAll(ruleId, asHash(state), asHash(acks)).values()];
      if (dropped.length > 0) log.info('alert state reset', { ruleId, dropped: dropped.length });

      return dropped;
    },

    /** Deletes everything stored for a deleted Rule. */
    async remove(ruleId: string): Promise<void> {
      await client
        .multi()
        .del(keys.state(ruleId), keys.acks(ruleId), keys.meta(ruleId))
        .srem(keys.firingRules, ruleId)
        .exec();
    },
  };
}

export type AlertStore = ReturnType<typeof createAlertStore>;

/** The replies of a MULTI or pipeline; a failed command is an outage or a bug, so it throws. */
export function resultsOf(replies: [Error | null, unknown][] | null): unknown[] {
  if (replies === null) throw new Error('redis discarded the transaction');

  return replies.map(([error, reply]) => {
    if (error) throw error;
    return reply;
  });
}

export function asHash(reply: unknown): Record<string, string> {
  return reply !== null && typeof reply === 'object' ? (reply as Record<string, string>) : {};
}
