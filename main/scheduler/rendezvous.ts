/** 32-bit FNV-1a over a string; stable across processes and platforms. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }

  // A final avalanche so that ids differing only in their last characters spread well.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b) >>> 0;
  hash ^= hash >>> 13;

  return hash >>> 0;
}

/**
 * Rendezvous (highest random weight) hashing: the node that produces a schedule's ticks.
 * Every node computes the same owner from the same member list, and when a member leaves only
 * its own schedules move. This only spreads work; exactly-once comes from the tick claim.
 */
export function ownerOf(key: string, members: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestWeight = -1;

  for (const member of members) {
    const weight = fnv1a(`${member}|${key}`);
    if (weight > bestWeight || (weight === bestWeight && best !== undefined && member < best)) {
      best = member;
      bestWeight = weight;
    }
  }

  return best;
}
