// A stand-in `electron` for running the built main bundle under plain Node: records what the
// shell does on globalThis.__shell for run.mjs to drive and report.
import process from 'node:process';
import { EventEmitter } from 'node:events';

const state = { windows: [], handlers: new Map(), sent: [], tray: undefined, csp: false };
globalThis.__shell = state;

class WebContents extends EventEmitter {
  mainFrame = { processId: 1, routingId: 1, url: '' };
  setWindowOpenHandler(handler) {
    this.openHandler = handler;
  }
  send(channel, payload) {
    state.sent.push({ channel, payload });
  }
  isDestroyed() {
    return false;
  }
  isLoading() {
    return false;
  }
}

export class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.webContents = new WebContents();
    state.windows.push(this);
  }
  async loadURL(url) {
    this.webContents.mainFrame.url = url;
  }
  isDestroyed() {
    return false;
  }
  isMinimized() {
    return false;
  }
  show() {}
  focus() {}
  hide() {}
  restore() {}
}

const appEvents = new EventEmitter();
export const app = Object.assign(appEvents, {
  isPackaged: false,
  requestSingleInstanceLock: () => true,
  getPath: (name) => `${process.env.SMOKE_DIR}/${name}`,
  whenReady: () => Promise.resolve(),
  quit() {
    const event = {
      defaultPrevented: false,
      preventDefault: () => (event.defaultPrevented = true),
    };
    appEvents.emit('before-quit', event);
    if (!event.defaultPrevented) state.onQuit?.();
  },
  exit(code) {
    process.exit(code);
  },
});

export const dialog = { showErrorBox: (title, message) => (state.error = `${title}: ${message}`) };
export const session = {
  defaultSession: { webRequest: { onHeadersReceived: () => (state.csp = true) } },
};
export const ipcMain = {
  handle: (channel, handler) => state.handlers.set(channel, handler),
  removeHandler: (channel) => state.handlers.delete(channel),
};
export const Menu = { buildFromTemplate: (template) => ({ template }) };
export class Notification extends EventEmitter {
  static isSupported() {
    return true;
  }
  show() {}
}
export class Tray extends EventEmitter {
  constructor() {
    super();
    state.tray = this;
  }
  setToolTip(text) {
    this.tooltip = text;
  }
  setTitle() {}
  setContextMenu() {}
  destroy() {
    this.destroyed = true;
  }
}
export const nativeImage = { createFromDataURL: (url) => ({ url }) };
export const powerMonitor = new EventEmitter();
export const protocol = { registerSchemesAsPrivileged: () => undefined, handle: () => undefined };
export const safeStorage = {
  isEncryptionAvailable: () => false,
  getSelectedStorageBackend: () => 'basic_text',
};
export const shell = { openExternal: async () => undefined };
globalThis.__shellApp = app;
