import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { protocol } from 'electron';
import { APP_HOST, APP_SCHEME, CONTENT_SECURITY_POLICY } from './renderer-url.js';

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

/** Must run before the app is ready: `app://` behaves like https (origin, fetch, secure). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
    },
  ]);
}

/**
 * The file under `rendererDir` that an `app://dipper/...` URL names, or null for any other
 * host, a path that leaves the folder, or an unparsable URL. Paths without an extension are
 * client-side routes and get index.html.
 */
export function rendererFileOf(requestUrl: string, rendererDir: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;

  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  const relative = extname(path) === '' ? 'index.html' : normalize(path).replace(/^[/\\]+/, '');
  const root = normalize(rendererDir);
  const file = join(root, relative);

  return file.startsWith(root.endsWith(sep) ? root : `${root}${sep}`) ? file : null;
}

/** Serves the built renderer on `app://dipper/`, every response with the console's CSP. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = rendererFileOf(request.url, rendererDir);
    if (!file) return new Response('not found', { status: 404 });

    try {
      const body = await readFile(file);
      return new Response(body, {
        headers: {
          'content-type': MIME_TYPES[extname(file)] ?? 'application/octet-stream',
          'content-security-policy': CONTENT_SECURITY_POLICY,
          'x-content-type-options': 'nosniff',
        },
      });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
}
