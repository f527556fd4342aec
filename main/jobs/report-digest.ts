import type { TransitionRecord } from '../../shared/alerting/history.js';
import { seriesKey } from '../../shared/alerting/series.js';
import { FLAP_WINDOW_MS, type RuleDigest } from '../../shared/jobs.js';

/** A Rule to report on; `name` is its id when the Rule no longer exists. */
export interface ReportedRule {
  id: string;
  name: string;
}

/** One series' episode being followed through the period. */
interface SeriesTrack {
  /** When its current firing began (or fromMs, when it was firing as the period began). */
  firingSinceMs: number | null;
  /** False when the firing began before the period: its time to resolve is unknown. */
  isStartKnown: boolean;
  lastResolvedMs: number | null;
  isSeen: boolean;
}

/**
 * Digests a period's transitions, oldest first, per Rule. Per series:
 * - a firing lasts from its transition into `firing` to the next one out of it (to resolved,
 *   nodata or error); one already firing when the period began (its first transition leaves
 *   firing) counts from fromMs, and one still firing at the end counts until toMs;
 * - time to resolve is firing -> resolved, for episodes that began firing within the period;
 * - a flap is a firing at most FLAP_WINDOW_MS (1 h) after the same series resolved.
 * Rules come out most firings first, then most time firing, then by id.
 */
export function digestTransitions(
  transitions: readonly TransitionRecord[],
  rules: readonly ReportedRule[],
  fromMs: number,
  toMs: number,
): RuleDigest[] {
  const digests = new Map<string, RuleDigest & { resolveTotalMs: number }>();
  for (const rule of rules) {
    digests.set(rule.id, {
      ruleId: rule.id,
      ruleName: rule.name,
      firings: 0,
      firingMs: 0,
      resolutions: 0,
      meanTimeToResolveMs: null,
      flaps: 0,
      resolveTotalMs: 0,
    });
  }
  const tracks = new Map<string, { ruleId: string; track: SeriesTrack }>();

  for (const t of transitions) {
    const digest = digests.get(t.ruleId);
    if (!digest) continue;
    const id = `${t.ruleId}|${seriesKey(t.labels)}`;
    const entry = tracks.get(id) ?? { ruleId: t.ruleId, track: newTrack() };
    tracks.set(id, entry);
    const { track } = entry;

    if (!track.isSeen && t.from === 'firing')
      [track.firingSinceMs, track.isStartKnown] = [fromMs, false];
    track.isSeen = true;

    if (t.to === 'firing') {
      digest.firings += 1;
      if (track.lastResolvedMs !== null && t.atMs - track.lastResolvedMs <= FLAP_WINDOW_MS) {
        digest.flaps += 1;
      }
      [track.firingSinceMs, track.isStartKnown] = [t.atMs, true];
    } else if (t.from === 'firing' && track.firingSinceMs !== null) {
      digest.firingMs += t.atMs - track.firingSinceMs;
      if (t.to === 'resolved') {
        if (track.isStartKnown) {
          digest.resolutions += 1;
          digest.resolveTotalMs += t.atMs - track.firingSinceMs;
        }
        track.lastResolvedMs = t.atMs;
      }
      track.firingSinceMs = null;
    }
  }

  for (const { ruleId, track } of tracks.values()) {
    const digest = digests.get(ruleId);
    if (digest && track.firingSinceMs !== null) digest.firingMs += toMs - track.firingSinceMs;
  }

  return [...digests.values()]
    .map(({ resolveTotalMs, ...digest }) => ({
      ...digest,
      meanTimeToResolveMs: digest.resolutions > 0 ? resolveTotalMs / digest.resolutions : null,
    }))
    .sort(
      (a, b) => b.firings - a.firings || b.firingMs - a.firingMs || compare(a.ruleId, b.ruleId),
    );
}

function newTrack(): SeriesTrack {
  return { firingSinceMs: null, isStartKnown: false, lastResolvedMs: null, isSeen: false };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
