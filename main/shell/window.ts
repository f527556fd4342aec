import { BrowserWindow, shell, type Session, type WebPreferences } from 'electron';
import type { Logger } from '../log/logger.js';
import { cspFor, isExternalWebUrl, isRendererUrl } from './renderer-url.js';

export interface MainWindowOptions {
  /** The console's entry page (app://dipper/index.html, or the dev server). */
  entryUrl: string;
  /** Absolute path of the bundled CommonJS preload. */
  preloadPath: string;
  log: Logger;
}

/** The renderer's powers: none beyond the preload's bridge. */
export function webPreferencesFor(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  };
}

/** Sets the console's CSP on every response the session receives. */
export function applyContentSecurityPolicy(session: Session, entryUrl: string): void {
  const policy = cspFor(entryUrl);
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    for (const name of Object.keys(headers)) {
      if (name.toLowerCase() === 'content-security-policy') delete headers[name];
    }
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [policy] } });
  });
}

/**
 * Keeps the window on the console: navigation elsewhere is refused, new windows are never
 * opened, and http(s) links go to the person's browser.
 */
export function guardNavigation(window: BrowserWindow, entryUrl: string, log: Logger): void {
  const contents = window.webContents;
  contents.on('will-navigate', (event) => {
    if (isRendererUrl(event.url, entryUrl)) return;
    event.preventDefault();
    log.warn('navigation refused', { url: event.url.slice(0, 200) });
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalWebUrl(url)) {
      shell.openExternal(url).catch((error: unknown) => {
        log.warn('cannot open link in the browser', { url: url.slice(0, 200), err: error });
      });
    } else {
      log.warn('window.open refused', { url: url.slice(0, 200) });
    }
    return { action: 'deny' };
  });
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Dipper',
    webPreferences: webPreferencesFor(options.preloadPath),
  });
  guardNavigation(window, options.entryUrl, options.log);
  window.once('ready-to-show', () => window.show());
  window.loadURL(options.entryUrl).catch((error: unknown) => {
    options.log.error('console page did not load', { url: options.entryUrl, err: error });
  });

  return window;
}
