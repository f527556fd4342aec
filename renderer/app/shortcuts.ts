import type { PageKey } from './route.js';

/** `g` then one of these keys goes to the page. */
export const GO_KEYS: Record<string, PageKey> = {
  o: 'overview',
  q: 'queues',
  j: 'jobs',
  s: 'schedules',
  r: 'rules',
  a: 'alerts',
  c: 'channels',
  p: 'profiles',
  u: 'audit',
};

/** How long after `g` the second key still counts, ms. */
export const CHORD_TIMEOUT_MS = 1_500;

/** The attribute a page puts on its search box so `/` can find it. */
export const SEARCH_ATTRIBUTE = 'data-search';

export interface ShortcutActions {
  go(page: PageKey): void;
  focusSearch(): void;
  showHelp(): void;
}

function isTyping(target: EventTarget | null): boolean {
  if (!target || !(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** The keydown handler of the console's shortcuts; keys typed into fields are left alone. */
export function createShortcutHandler(actions: ShortcutActions, now: () => number = Date.now) {
  let chordAtMs: number | null = null;

  return (event: KeyboardEvent): void => {
    if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;

    if (chordAtMs !== null && now() - chordAtMs <= CHORD_TIMEOUT_MS) {
      chordAtMs = null;
      const page = GO_KEYS[event.key];
      if (page) {
        event.preventDefault();
        actions.go(page);
        return;
      }
    }
    chordAtMs = null;

    if (event.key === 'g') {
      chordAtMs = now();
    } else if (event.key === '/') {
      event.preventDefault();
      actions.focusSearch();
    } else if (event.key === '?') {
      event.preventDefault();
      actions.showHelp();
    }
  };
}

/**
 * Focuses the current page's first search box or filter that takes typing now: not disabled and
 * not on a hidden tab. A page may mark several, such as a lookup and the picker it waits for.
 */
export function focusSearchBox(): void {
  for (const marked of document.querySelectorAll(`[${SEARCH_ATTRIBUTE}]`)) {
    // antd puts extra attributes on a search box's wrapper, not on its input.
    const input = marked instanceof HTMLInputElement ? marked : marked.querySelector('input');
    if (!input || input.disabled || input.closest('.ant-tabs-tabpane-hidden')) continue;
    input.focus();
    return;
  }
}
