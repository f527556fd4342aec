import { CONTENT_SECURITY_POLICY } from '../console/csp.js';

/**
 * Where the renderer is loaded from. A packaged console is served from `app://dipper/` (see
 * protocol.ts), a scheme of our own with a real origin, so that `'self'` in the CSP and the
 * sender checks mean exactly our files; in development it is electron-vite's dev server.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'dipper';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

// One policy for the desktop window and browser mode.
export { CONTENT_SECURITY_POLICY };

/** The CSP for the given entry: the dev server additionally needs its HMR socket. */
export function cspFor(entryUrl: string): string {
  const entry = new URL(entryUrl);
  if (entry.protocol !== 'http:') return CONTENT_SECURITY_POLICY;

  // Only in development: Vite's client talks to the dev server over a WebSocket.
  return CONTENT_SECURITY_POLICY.replace(
    "connect-src 'self'",
    `connect-src 'self' ws://${entry.host}`,
  );
}

/** True when `candidate` is a page of the console: same scheme and host as the entry. */
export function isRendererUrl(candidate: string, entryUrl: string): boolean {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return false;
  }
  const entry = new URL(entryUrl);

  return url.protocol === entry.protocol && url.host === entry.host && url.username === '';
}

/** True when `candidate` parses as an http: or https: URL, the only kinds opened outside. */
export function isExternalWebUrl(candidate: string): boolean {
  try {
    const { protocol } = new URL(candidate);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
