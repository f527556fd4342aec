import type { HistoryStore } from '../alerts/history/history-store.js';
import { MAX_HISTORY_LIMIT, type TransitionRecord } from '../../shared/alerting/history.js';

/** Most transitions one report reads; past it the report says it is partial. */
export const MAX_REPORT_TRANSITIONS = 200_000;

/**
 * Every transition recorded in [fromMs, toMs], oldest first, read page by page (the history
 * answers newest first, at most MAX_HISTORY_LIMIT a page). Throws when the history cannot be
 * read: a report of an unreadable week would be wrong, not partial.
 */
export async function readTransitions(
  history: HistoryStore,
  fromMs: number,
  toMs: number,
): Promise<{ transitions: TransitionRecord[]; isPartial: boolean }> {
  const newestFirst: TransitionRecord[] = [];
  let before: string | undefined;

  for (;;) {
    const page = await history.query({
      fromMs,
      toMs,
      kinds: ['transition'],
      limit: MAX_HISTORY_LIMIT,
      ...(before === undefined ? {} : { before }),
    });
    if (!page.ok) throw new Error(`reading the alert history failed: ${page.message}`);

    for (const entry of page.value.entries)
      if (entry.kind === 'transition') newestFirst.push(entry);
    if (page.value.next === null) break;
    if (newestFirst.length >= MAX_REPORT_TRANSITIONS) {
      return { transitions: oldestFirst(newestFirst), isPartial: true };
    }
    before = page.value.next;
  }

  return { transitions: oldestFirst(newestFirst), isPartial: false };
}

// A late entry is stored at the newest stream time but keeps its own `atMs`; order by that.
function oldestFirst(newestFirst: TransitionRecord[]): TransitionRecord[] {
  return newestFirst.reverse().sort((a, b) => a.atMs - b.atMs);
}
