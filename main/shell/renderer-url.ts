/**
 * Where the renderer is loaded from. A packaged console is served from `app://dipper/` (see
 * protocol.ts), a scheme of our own with a real origin, so that `'self'` in the CSP and the
 * sender checks mean exactly our files; in development it is electron-vite's dev server.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'dipper';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * The console's Content Security Policy. Scripts, connections and everything else come only
 * from the console's own origin; no eval. Styles allow inline because antd injects its CSS at
 * run time in <style> elements.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

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
