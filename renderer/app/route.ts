import { create } from 'zustand';

/** The console's pages in menu order; the first is where an unknown address lands. */
export const PAGES = [
  'overview',
  'queues',
  'jobs',
  'schedules',
  'rules',
  'alerts',
  'channels',
  'profiles',
  'audit',
] as const;
export type PageKey = (typeof PAGES)[number];

/** A page and its path segments, e.g. `#/jobs/<queue>/<state>` is jobs with two params. */
export interface Route {
  page: PageKey;
  params: string[];
}

function isPage(value: string): value is PageKey {
  return (PAGES as readonly string[]).includes(value);
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Reads a location hash such as `#/jobs/emails/failed`; anything unknown is the overview. */
export function parseHash(hash: string): Route {
  const [first = '', ...rest] = hash.replace(/^#\/?/, '').split('/');
  const page = decode(first);
  if (!isPage(page)) return { page: 'overview', params: [] };
  return { page, params: rest.filter((segment) => segment !== '').map(decode) };
}

/** The hash of a page; each param is encoded, so queue names may hold `/` or `#`. */
export function formatHash(page: PageKey, ...params: string[]): string {
  return ['#', page, ...params.map(encodeURIComponent)].join('/');
}

interface RouteState extends Route {
  navigate(page: PageKey, ...params: string[]): void;
  /** Re-reads the address bar; the hashchange listener calls it. */
  sync(): void;
}

export const useRoute = create<RouteState>()((set) => ({
  ...parseHash(typeof window === 'undefined' ? '' : window.location.hash),
  navigate: (page, ...params) => {
    const hash = formatHash(page, ...params);
    if (window.location.hash !== hash) window.location.hash = hash;
    set({ page, params });
  },
  sync: () => set(parseHash(window.location.hash)),
}));

/** Follows the address bar (back, forward, pasted links); returns the unsubscribe function. */
export function startRouter(): () => void {
  const onChange = () => useRoute.getState().sync();
  window.addEventListener('hashchange', onChange);
  onChange();
  return () => window.removeEventListener('hashchange', onChange);
}
