import type { RedisClient } from '../connection/connection.js';
import { defineScript, runScript } from '../connection/script.js';
import type { StatsSample } from '../../shared/jobs.js';

/**
 * The keys of one stats key: a hash of samples by tick (field = tick in epoch ms, value =
 * StatsSample JSON) and a sorted set of the ticks (score = tick) that orders and caps it.
 * Both under the Profile prefix, so one Cluster hash tag covers them.
 */
export function statsKeys(prefix: string, key: string) {
  const base = `${prefix}:dipper:stats:${key}`;

  return { samples: base, index: `${base}:index` };
}

// Stores one tick's sample, replacing that tick's earlier one, then drops the oldest ticks
// beyond `keep` from both keys in the same script, so the two never disagree.
// KEYS: samples, index. ARGV: tick, json, keep. Returns how many old samples were dropped.
const WRITE = defineScript(`
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[1], ARGV[1])
local excess = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[3])
if excess <= 0 then return 0 end
local old = redis.call('ZRANGE', KEYS[2], 0, excess - 1)
for _, tick in ipairs(old) do redis.call('HDEL', KEYS[1], tick) end
redis.call('ZREMRANGEBYRANK', KEYS[2], 0, excess - 1)
return excess
`);

/** Stores the sample under its tick, keeping the newest `keep`; returns how many were dropped. */
export async function writeStatsSample(
  client: RedisClient,
  prefix: string,
  key: string,
  sample: StatsSample,
  keep: number,
): Promise<number> {
  const { samples, index } = statsKeys(prefix, key);
  const dropped = await runScript(
    client,
    WRITE,
    [samples, index],
    [sample.atMs, JSON.stringify(sample), keep],
  );

  return Number(dropped);
}

/** The newest `limit` samples of a stats key, newest first. */
export async function readStatsSamples(
  client: RedisClient,
  prefix: string,
  key: string,
  limit: number,
): Promise<StatsSample[]> {
  const { samples, index } = statsKeys(prefix, key);
  const ticks = await client.zrevrange(index, 0, limit - 1);
  if (ticks.length === 0) return [];

  const values = await client.hmget(samples, ...ticks);
  return values.flatMap((json) => (json === null ? [] : [JSON.parse(json) as StatsSample]));
}
