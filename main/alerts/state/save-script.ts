import { defineScript } from '../../connection/script.js';

// Replaces a Rule's Alerts in one step, guarded twice: the version read at load (two nodes that
// evaluated from the same state cannot both apply) and the newest tick applied (a node that loads
// after another node saved a tick cannot apply that tick again, e.g. on a job retry). Only when
// it applies, the same step appends the evaluation to the Rule's log and writes the repeat marks
// of the Notifications queued for it, so a re-run that finds the tick saved writes neither.
// With the `unchanged` guard it also checks that nothing else changed since the state the
// caller evaluated from: the acknowledgement count, the newest tick, the Rule's and the
// source's stored JSON (an evaluation from state this node saved itself, read nothing before).
// KEYS: state, acks, meta, firingRules, evaluation log, repeat marks, rules, sources (unused
// ones name a key of the same Rule, so the call stays within one hash slot).
// ARGV: 1 ruleId, 2 expectedVersion or '', 3 tickMs or '', 4 hasFiring 1/0, 5 evaluation JSON
// or '', 6 evaluations kept, 7 mark count M, 8 guard 1/'', 9 ack count, 10 newest tick or '',
// 11 rule id, 12 rule JSON, 13 source id, 14 source JSON, then M mark items, then per Alert:
// key, JSON, keepsAck 1/0.
// Returns {1, version} or {0, version, 'version' | 'tick' | 'changed', newestTick}.
export const SAVE_STATE = defineScript(`
local meta = redis.call('HMGET', KEYS[3], 'v', 't', 'a')
local version = tonumber(meta[1] or '0')
local newest = meta[2]
if ARGV[2] ~= '' and tonumber(ARGV[2]) ~= version then
  return {0, version, 'version', newest or ''}
end
if ARGV[3] ~= '' and newest and tonumber(newest) >= tonumber(ARGV[3]) then
  return {0, version, 'tick', newest}
end
if ARGV[8] == '1' and ((meta[3] or '0') ~= ARGV[9] or (newest or '') ~= ARGV[10]
    or redis.call('HGET', KEYS[7], ARGV[11]) ~= ARGV[12]
    or redis.call('HGET', KEYS[8], ARGV[13]) ~= ARGV[14]) then
  return {0, version, 'changed', newest or ''}
end
redis.call('DEL', KEYS[1])
local marks = tonumber(ARGV[7])
local keepsAck = {}
for i = 15 + marks, #ARGV, 3 do
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
  redis.call('HSET', KEYS[6], unpack(ARGV, 15, 14 + marks))
end
return {1, version}
`);

/** What the save writes besides the Alerts, only when it applies. */
export interface SaveExtras {
  /** The evaluation's log record, pushed on a list capped at `keep` entries. */
  evaluation?: { key: string; json: string; keep: number };
  /** Repeat marks: field/value items written to the Rule's marks hash. */
  marks?: { key: string; items: string[] };
  /** Applies only if nothing changed since the state the caller evaluated from. */
  unchanged?: UnchangedGuard;
}

/** What must still be as the caller last saw it (see SAVE_STATE). */
export interface UnchangedGuard {
  ackCount: number;
  newestTickMs: number | null;
  rules: { key: string; id: string; raw: string };
  sources: { key: string; id: string; raw: string };
}

/** KEYS and ARGV of SAVE_STATE. */
export function saveStateCall(
  stateKeys: [state: string, acks: string, meta: string, firingRules: string],
  head: { ruleId: string; expectedVersion?: number; tickMs?: number; hasFiring: boolean },
  alerts: (string | number)[],
  extras: SaveExtras = {},
): { keys: string[]; args: (string | number)[] } {
  const { evaluation, marks, unchanged } = extras;
  const markItems = marks?.items ?? [];
  const [state] = stateKeys;
  const keys = [
    ...stateKeys,
    evaluation?.key ?? state,
    marks?.key ?? state,
    unchanged?.rules.key ?? state,
    unchanged?.sources.key ?? state,
  ];
  const args: (string | number)[] = [
    head.ruleId,
    head.expectedVersion ?? '',
    head.tickMs ?? '',
    head.hasFiring ? 1 : 0,
    evaluation?.json ?? '',
    evaluation?.keep ?? 0,
    markItems.length,
    unchanged ? 1 : '',
    unchanged?.ackCount ?? '',
    unchanged?.newestTickMs ?? '',
    unchanged?.rules.id ?? '',
    unchanged?.rules.raw ?? '',
    unchanged?.sources.id ?? '',
    unchanged?.sources.raw ?? '',
    ...markItems,
    ...alerts,
  ];

  return { keys, args };
}
