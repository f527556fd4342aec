import { describe, expect, it, vi } from 'vitest';
import { formatHash, parseHash } from '../../renderer/app/route.js';
import { CHORD_TIMEOUT_MS, createShortcutHandler } from '../../renderer/app/shortcuts.js';

describe('parseHash', () => {
  it('reads a jobs deep link with its queue and state', () => {
    expect(parseHash('#/jobs/emails/failed')).toEqual({
      page: 'jobs',
      params: ['emails', 'failed'],
    });
  });

  it('decodes queue names that hold slashes and spaces', () => {
    const hash = formatHash('jobs', 'billing/eu west', 'delayed', 'job#1');

    expect(hash).toBe('#/jobs/billing%2Feu%20west/delayed/job%231');
    expect(parseHash(hash).params).toEqual(['billing/eu west', 'delayed', 'job#1']);
  });

  it('sends an unknown or empty address to the overview', () => {
    expect(parseHash('#/nowhere/1')).toEqual({ page: 'overview', params: [] });
    expect(parseHash('')).toEqual({ page: 'overview', params: [] });
    expect(parseHash('#/alerts')).toEqual({ page: 'alerts', params: [] });
  });
});

function key(value: string, target: EventTarget = document.body): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key: value, cancelable: true });
  Object.defineProperty(event, 'target', { value: target });
  return event;
}

describe('shortcuts', () => {
  function setup() {
    let nowMs = 0;
    const actions = { go: vi.fn(), focusSearch: vi.fn(), showHelp: vi.fn() };
    const handle = createShortcutHandler(actions, () => nowMs);
    return { actions, handle, advance: (ms: number) => (nowMs += ms) };
  }

  it('goes to a page on g followed by its key', () => {
    const { actions, handle } = setup();

    handle(key('g'));
    handle(key('j'));

    expect(actions.go).toHaveBeenCalledWith('jobs');
  });

  it('ignores the second key once the chord has timed out', () => {
    const { actions, handle, advance } = setup();

    handle(key('g'));
    advance(CHORD_TIMEOUT_MS + 1);
    handle(key('q'));

    expect(actions.go).not.toHaveBeenCalled();
  });

  it('focuses the search box on / and lists the shortcuts on ?', () => {
    const { actions, handle } = setup();

    handle(key('/'));
    handle(key('?'));

    expect(actions.focusSearch).toHaveBeenCalledTimes(1);
    expect(actions.showHelp).toHaveBeenCalledTimes(1);
  });

  it('leaves keys typed into a field alone', () => {
    const { actions, handle } = setup();
    const input = document.createElement('input');

    handle(key('g', input));
    handle(key('o', input));
    handle(key('/', input));

    expect(actions.go).not.toHaveBeenCalled();
    expect(actions.focusSearch).not.toHaveBeenCalled();
  });
});
