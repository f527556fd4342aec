import { defineScript } from '../../connection/script.js';

// Replaces a Rule's Alerts in one step, guarded twice: the version read at load (two nodes that
// evaluated from the same state cannot both apply) and the newest tick applied (a node that loads
// after another node saved a tick cannot apply that tick again, e.g. on a job retry). Only when
// it applies, the same step appends the evaluation to the Rule's log and writes the repeat marks
// of the Notifications queued for it, so a re-run that finds the tick saved writes neither.
// KEYS: state, acks, meta, firingRules[, evaluation log, repeat marks].
// ARGV: ruleId, expectedVersion or '', tickMs or '', hasFiring 1/0, evaluation JSON or '',
// evaluations kept, mark count M, M field/value items, then per Alert: key, JSON, keepsAck 1/0.
// Returns {1, version} or {0, version, 'version' | 'tick', newestTick}.
export const SAVE_STATE = defineScript(`
local meta = redis.call('HMGET', KEYS[3], 'v', 't')
local version = tonumber(meta[1] or '0')
local newest = meta[2]
if ARGV[2] ~= '' and tonumber(ARGV[2]) ~= version then
  return {0, version, 'version', newest or ''}
end
if ARGV[3] ~= '' and newest and tonumber(newest) >= tonumber(ARGV[3]) then
  return {0, version, 'tick', newest}
end
redis.call('DEL', KEYS[1])
local marks = tonumber(ARGV[7])
local keepsAck = {}
for i = 8 + marks, #ARGV, 3 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
  if ARGV[i + 2] == '1' then keepsAck[ARGV[i]] = true end
end
for _, field in ipairs(redis.call('HKEYS', KEYS[2])) do
  if not keepsAck[field] then redis.call('HDEL', KEYS[2], field) end
end
version = version + 1
if ARGV[3] ~= '' then
  redis.call('HSET', KEYS[3], 'v', version, 't', ARGV[3])
else
  redis.call('HSET', KEYS[3], 'v', version)
end
if ARGV[4] == '1' then
  redis.call('SADD', KEYS[4], ARGV[1])
else
  redis.call('SREM', KEYS[4], ARGV[1])
end
if ARGV[5] ~= '' then
  redis.call('LPUSH', KEYS[5], ARGV[5])
  redis.call('LTRIM', KEYS[5], 0, tonumber(ARGV[6]) - 1)
end
if marks > 0 then
  redis.call('HSET', KEYS[6], unpack(ARGV, 8, 7 + marks))
end
return {1, version}
`);

/** What the save writes besides the Alerts, only when it applies. */
export interface SaveExtras {
  /** The evaluation's log record, pushed on a list capped at `keep` entries. */
  evaluation?: { key: string; json: string; keep: number };
  /** Repeat marks: field/value items written to the Rule's marks hash. */
  marks?: { key: string; items: string[] };
}

/** KEYS and ARGV of SAVE_STATE. */
export function saveStateCall(
  stateKeys: [state: string, acks: string, meta: string, firingRules: string],
  head: { ruleId: string; expectedVersion?: number; tickMs?: number; hasFiring: boolean },
  alerts: (string | number)[],
  extras: SaveExtras = {},
): { keys: string[]; args: (string | number)[] } {
  const { evaluation, marks } = extras;
  const markItems = marks?.items ?? [];
  // Unused keys still name keys of the same Rule, so the call stays within one hash slot.
  const keys = [...stateKeys, evaluation?.key ?? stateKeys[0], marks?.key ?? stateKeys[0]];
  const args: (string | number)[] = [
    head.ruleId,
    head.expectedVersion ?? '',
    head.tickMs ?? '',
    head.hasFiring ? 1 : 0,
    evaluation?.json ?? '',
    evaluation?.keep ?? 0,
    markItems.length,
    ...markItems,
    ...alerts,
  ];

  return { keys, args };
}
