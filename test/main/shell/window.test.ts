import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { rendererFileOf } from '../../../main/shell/protocol.js';
import {
  APP_ENTRY_URL,
  CONTENT_SECURITY_POLICY,
  cspFor,
} from '../../../main/shell/renderer-url.js';
import { applyContentSecurityPolicy, createMainWindow } from '../../../main/shell/window.js';
import { quietLog } from '../queues/queue-harness.js';
import {
  BrowserWindow,
  fakeSession,
  FakeEvent,
  resetElectron,
  shell,
  session,
} from './electron-stub.js';

vi.mock('electron', () => import('./electron-stub.js'));

function openWindow(entryUrl = APP_ENTRY_URL) {
  createMainWindow({ entryUrl, preloadPath: '/app/out/preload/preload.cjs', log: quietLog });
  const window = BrowserWindow.created.at(-1);
  if (!window) throw new Error('no window created');
  return window;
}

describe('the console window', () => {
  beforeEach(() => resetElectron());

  it('runs the renderer isolated and sandboxed, without Node, with the preload', () => {
    const window = openWindow();

    expect(window.options.webPreferences).toMatchObject({
      preload: '/app/out/preload/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(window.webContents.loaded).toEqual(['app://dipper/index.html']);
  });

  describe('the Content Security Policy', () => {
    it('allows only our own origin, with no eval', () => {
      const directives = CONTENT_SECURITY_POLICY.split('; ');

      expect(directives).toContain("default-src 'self'");
      expect(directives).toContain("script-src 'self'");
      expect(directives).toContain("connect-src 'self'");
      expect(directives).toContain("object-src 'none'");
      expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
      expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*unsafe-inline/);
    });

    it('replaces whatever policy a response carries with ours', () => {
      applyContentSecurityPolicy(session.defaultSession as never, APP_ENTRY_URL);
      const answered: Record<string, string[]>[] = [];

      fakeSession.webRequest.listener?.(
        {
          responseHeaders: {
            'content-security-policy': ["default-src *; script-src 'unsafe-eval'"],
            'content-type': ['text/html'],
          },
        },
        (response) => answered.push(response.responseHeaders ?? {}),
      );

      expect(answered).toEqual([
        { 'content-type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
      ]);
    });

    it('lets the development server add only its HMR socket', () => {
      expect(cspFor('http://localhost:5173')).toBe(
        CONTENT_SECURITY_POLICY.replace(
          "connect-src 'self'",
          "connect-src 'self' ws://localhost:5173",
        ),
      );
    });
  });

  describe('when the page tries to navigate', () => {
    it('stays on the console and refuses every other page', () => {
      const window = openWindow();
      const navigate = (url: string) => {
        const event = new FakeEvent(url);
        window.webContents.emit('will-navigate', event);
        return event.defaultPrevented;
      };

      expect(navigate('app://dipper/index.html#/alerts')).toBe(false);
      expect(navigate('https://evil.example/')).toBe(true);
      expect(navigate('file:///etc/passwd')).toBe(true);
      expect(navigate('app://other/index.html')).toBe(true);
    });
  });

  describe('when the page opens a window', () => {
    it('opens http and https links in the browser and never a new window', () => {
      const window = openWindow();
      const open = (url: string) => window.webContents.windowOpenHandler?.({ url });

      expect(open('https://grafana.example/d/abc?from=now-1h')).toEqual({ action: 'deny' });
      expect(open('http://runbooks.example/redis')).toEqual({ action: 'deny' });

      expect(shell.openExternal.mock.calls).toEqual([
        ['https://grafana.example/d/abc?from=now-1h'],
        ['http://runbooks.example/redis'],
      ]);
    });

    it('refuses file:, javascript: and unparsable URLs without opening anything', () => {
      const window = openWindow();
      const open = (url: string) => window.webContents.windowOpenHandler?.({ url });

      expect(open('file:///home/me/.ssh/id_rsa')).toEqual({ action: 'deny' });
      expect(open('javascript:alert(1)')).toEqual({ action: 'deny' });
      expect(open('smb://share/x')).toEqual({ action: 'deny' });
      expect(open('not a url')).toEqual({ action: 'deny' });

      expect(shell.openExternal).not.toHaveBeenCalled();
    });
  });
});

describe('the app:// renderer files', () => {
  const dir = '/app/out/renderer';

  it('maps console URLs to files of the built renderer', () => {
    expect(rendererFileOf('app://dipper/index.html', dir)).toBe(join(dir, 'index.html'));
    expect(rendererFileOf('app://dipper/assets/index-1a2b.js', dir)).toBe(
      join(dir, 'assets/index-1a2b.js'),
    );
    expect(rendererFileOf('app://dipper/alerts', dir)).toBe(join(dir, 'index.html'));
  });

  it('refuses other hosts and schemes', () => {
    expect(rendererFileOf('app://other/index.html', dir)).toBeNull();
    expect(rendererFileOf('https://dipper/index.html', dir)).toBeNull();
    expect(rendererFileOf('app://dipper/a%00.js', dir)).toBeNull();
  });

  it('keeps dot-dot paths, plain or encoded, inside the folder', () => {
    expect(rendererFileOf('app://dipper/%2e%2e/%2e%2e/etc/passwd.txt', dir)).toBe(
      join(dir, 'etc/passwd.txt'),
    );
    expect(rendererFileOf('app://dipper/..%2f..%2f..%2fetc%2fpasswd.txt', dir)).toBe(
      join(dir, 'etc/passwd.txt'),
    );
  });
});
