import type { RedisClient } from '../connection/connection.js';
import { defineScript, runScript } from '../connection/script.js';

/**
 * The per-(channel, idempotency key) marker that makes a delivery happen once across nodes:
 * absent (never sent, or a sender's lease ran out), `sending <token>` while one attempt holds
 * a short lease, `sent <jobId> <atMs>` for the retention period once delivered.
 */
export type MarkerState =
  { state: 'sending'; token: string } | { state: 'sent'; jobId: string; atMs: number };

/** `<prefix>:dipper:delivered:<channelId>:<idempotencyKey>` */
export function markerKey(prefix: string, channelId: string, idempotencyKey: string): string {
  return `${prefix}:dipper:delivered:${channelId}:${idempotencyKey}`;
}

// One round trip: claim the marker if absent, else say what holds it and for how long.
const CLAIM = defineScript(`
local held = redis.call('GET', KEYS[1])
if held then return { held, redis.call('PTTL', KEYS[1]) } end
redis.call('SET', KEYS[1], 'sending ' .. ARGV[1], 'PX', ARGV[2])
return false
`);

// Only the attempt that holds the lease may give it back.
const RELEASE = defineScript(`
if redis.call('GET', KEYS[1]) == 'sending ' .. ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`);

/** The claim succeeded (`claimed`), or the marker's current holder and its time left in ms. */
export type ClaimResult = { state: 'claimed' } | (MarkerState & { ttlMs: number });

/** Takes the sending lease for `leaseMs` unless the key is sent or another lease is live. */
export async function claimDelivery(
  client: RedisClient,
  key: string,
  token: string,
  leaseMs: number,
): Promise<ClaimResult> {
  const held = await runScript(client, CLAIM, [key], [token, leaseMs]);
  if (!Array.isArray(held)) return { state: 'claimed' };

  const [value, ttlMs] = held as [string, number];
  return { ...parseMarker(value), ttlMs };
}

/** Records the delivery for `retentionMs`, whoever holds the key now: the message went out. */
export async function markSent(
  client: RedisClient,
  key: string,
  jobId: string,
  atMs: number,
  retentionMs: number,
): Promise<void> {
  await client.set(key, `sent ${jobId} ${atMs}`, 'PX', retentionMs);
}

/** Gives a failed attempt's lease back so the retry need not wait for it to run out. */
export async function releaseClaim(client: RedisClient, key: string, token: string): Promise<void> {
  await runScript(client, RELEASE, [key], [token]);
}

export async function readMarker(client: RedisClient, key: string): Promise<MarkerState | null> {
  const held = await client.get(key);

  return held === null ? null : parseMarker(held);
}

function parseMarker(held: string): MarkerState {
  const [state, first = '', second = '0'] = held.split(' ');
  if (state === 'sent') return { state: 'sent', jobId: first, atMs: Number(second) };

  return { state: 'sending', token: first };
}
