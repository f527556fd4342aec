import type { ChainableCommander } from 'ioredis';
import type { RedisClient } from '../connection/connection.js';
import type { DipperKeys } from '../connection/keys.js';
import { defineScript, runScript } from '../connection/script.js';
import type { Logger } from '../log/logger.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { ScheduleSchema, type Schedule, type ScheduleInput } from '../../shared/schedule.js';
import { parseWith } from '../../shared/validation.js';

/** A change notification: which schedule changed, and the store revision after the change. */
export interface ScheduleChange {
  id: string;
  rev: number;
}

// Raises a schedule's tick watermark to Redis' current time, so that ticks from before a
// schedule was created, re-enabled or re-timed are never produced by a node looking back, and
// records that time as the schedule's start: its ledger expects no ticks from before it.
// KEYS: watermarks, starts. ARGV: schedule id.
const START_AT_EDIT = defineScript(`
local t = redis.call('TIME')
local nowMs = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local cur = tonumber(string.match(redis.call('HGET', KEYS[1], ARGV[1]) or '0', '^%d+'))
if cur < nowMs then redis.call('HSET', KEYS[1], ARGV[1], nowMs) end
redis.call('HSET', KEYS[2], ARGV[1], nowMs)
return nowMs
`);

/**
 * Whether a save starts the schedule at the edit: it is enabled now and was not, or its
 * timing changed. Ticks of the new cron that fell before the edit never run, whoever looks back.
 */
function startsAtEdit(schedule: Schedule, previous: Schedule | null): boolean {
  const timingChanged =
    previous !== null &&
    (previous.cron !== schedule.cron ||
      previous.tz !== schedule.tz ||
      previous.offsetMs !== schedule.offsetMs);

  return schedule.enabled && (!previous?.enabled || timingChanged);
}

/** Schedules in Redis under the profile prefix, shared by every node. */
export function createScheduleStore(client: RedisClient, keys: DipperKeys, log: Logger) {
  async function announce(id: string, rev: number): Promise<void> {
    await client.publish(
      keys.schedulesChannel,
      JSON.stringify({ id, rev } satisfies ScheduleChange),
    );
  }

  async function write(id: string, json: string | null): Promise<number> {
    const multi = client.multi();
    if (json === null) multi.hdel(keys.schedules, id);
    else multi.hset(keys.schedules, id, json);
    multi.incr(keys.schedulesRev);
    const replies = (await multi.exec()) ?? [];
    const rev = Number(replies[1]?.[1] ?? 0);
    // Published after the write so a node that reloads on the message sees the change.
    await announce(id, rev);

    return rev;
  }

  function decode(id: string, raw: string): Schedule | null {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      log.warn('stored schedule is not JSON; ignored', { scheduleId: id });
      return null;
    }
    const result = ScheduleSchema.safeParse(parsed);
    if (!result.success) {
      log.warn('stored schedule is invalid; ignored', { scheduleId: id });
      return null;
    }

    return result.data;
  }

  return {
    async list(): Promise<Schedule[]> {
      const all = await client.hgetall(keys.schedules);
      return Object.entries(all)
        .flatMap(([id, raw]) => decode(id, raw) ?? [])
        .sort((a, b) => a.id.localeCompare(b.id));
    },

    async get(id: string): Promise<Schedule | null> {
      const raw = await client.hget(keys.schedules, id);
      return raw === null ? null : decode(id, raw);
    },

    /** Validates and stores; `mode` says whether the id must be new or must exist. */
    async save(input: unknown, mode: 'create' | 'update' | 'upsert'): Promise<Result<Schedule>> {
      const parsed = parseWith(ScheduleSchema, input, 'schedule');
      if (!parsed.ok) return parsed;

      const schedule = parsed.value;
      const previous = await this.get(schedule.id);
      const exists = (await client.hexists(keys.schedules, schedule.id)) === 1;
      if (mode === 'create' && exists) {
        return fail(
          'CONFLICT',
          `schedule "${schedule.id}" already exists; edit it, or pick another id`,
        );
      }
      if (mode === 'update' && !exists) {
        return fail('NOT_FOUND', `schedule "${schedule.id}" does not exist; create it first`);
      }

      if (startsAtEdit(schedule, previous)) {
        await runScript(
          client,
          START_AT_EDIT,
          [keys.watermarks, keys.scheduleStarts],
          [schedule.id],
        );
      }
      await write(schedule.id, JSON.stringify(schedule));
      log.info('schedule saved', { scheduleId: schedule.id, mode });

      return ok(schedule);
    },

    /**
     * Adds what `save` writes for an already validated schedule to a transaction the caller
     * runs, so that many documents are written all or nothing; `previous` is the stored one.
     * Once the transaction ran, `announceStaged` tells the nodes.
     */
    stage(multi: ChainableCommander, schedule: Schedule, previous: Schedule | null): void {
      if (startsAtEdit(schedule, previous)) {
        multi.eval(START_AT_EDIT.lua, 2, keys.watermarks, keys.scheduleStarts, schedule.id);
      }
      multi.hset(keys.schedules, schedule.id, JSON.stringify(schedule));
      multi.incr(keys.schedulesRev);
    },

    /** Publishes the change of schedules written through `stage`, after their transaction. */
    async announceStaged(ids: readonly string[]): Promise<void> {
      if (ids.length === 0) return;

      const rev = await this.revision();
      for (const id of ids) await announce(id, rev);
      log.info('schedules saved', { scheduleIds: ids });
    },

    /** Merges `patch` into the stored schedule, validates the result and stores it. */
    async update(id: string, patch: Partial<ScheduleInput>): Promise<Result<Schedule>> {
      const current = await this.get(id);
      if (!current) return fail('NOT_FOUND', `schedule "${id}" does not exist`);

      return this.save({ ...current, ...patch, id }, 'update');
    },

    async remove(id: string): Promise<Result<{ id: string }>> {
      const exists = (await client.hexists(keys.schedules, id)) === 1;
      if (!exists) return fail('NOT_FOUND', `schedule "${id}" does not exist`);

      await write(id, null);
      // The watermark goes too, or the hash grows with every removed id; a re-created
      // schedule raises a fresh one.
      await client.del(keys.ledger(id), keys.legacyLedger(id));
      await client.hdel(keys.watermarks, id);
      await client.hdel(keys.scheduleStarts, id);
      log.info('schedule removed', { scheduleId: id });

      return ok({ id });
    },

    /**
     * When each schedule last started at an edit (created, enabled, or its cron, zone or offset
     * changed), epoch ms by id; absent for schedules saved before this was recorded.
     */
    async startedAt(ids: readonly string[]): Promise<Map<string, number>> {
      const starts = new Map<string, number>();
      if (ids.length === 0) return starts;
      const values = await client.hmget(keys.scheduleStarts, ...ids);
      ids.forEach((id, index) => {
        const value = Number(values[index] ?? NaN);
        if (Number.isFinite(value)) starts.set(id, value);
      });

      return starts;
    },

    async revision(): Promise<number> {
      return Number((await client.get(keys.schedulesRev)) ?? 0);
    },
  };
}

export type ScheduleStore = ReturnType<typeof createScheduleStore>;
