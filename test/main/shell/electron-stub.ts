import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

/**
 * A stand-in for the `electron` module: just enough of the API the shell uses, recording what
 * the shell asked of it. Tests install it with `vi.mock('electron', () => import(...))` and
 * reset it with `resetElectron()`.
 */

export class FakeFrame {
  parent: FakeFrame | null = null;
  constructor(
    public url: string,
    public processId = 1,
    public routingId = 1,
  ) {}
}

/** An event with preventDefault, as will-navigate hands it. */
export class FakeEvent {
  defaultPrevented = false;
  constructor(public url = '') {}
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export class FakeWebContents extends EventEmitter {
  sent: { channel: string; payload: unknown }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  loaded: string[] = [];
  constructor(public mainFrame: FakeFrame) {
    super();
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  isDestroyed(): boolean {
    return false;
  }
  isLoading(): boolean {
    return false;
  }
}

let nextFrameId = 100;

export class BrowserWindow extends EventEmitter {
  static created: BrowserWindow[] = [];
  webContents: FakeWebContents;
  destroyed = false;
  constructor(public options: Record<string, unknown> = {}) {
    super();
    nextFrameId += 1;
    this.webContents = new FakeWebContents(new FakeFrame('', 7, nextFrameId));
    BrowserWindow.created.push(this);
  }
  async loadURL(url: string): Promise<void> {
    this.webContents.loaded.push(url);
    this.webContents.mainFrame.url = url;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  show(): void {}
  focus(): void {}
  hide(): void {}
  restore(): void {}
  isMinimized(): boolean {
    return false;
  }
}

type Handler = (event: unknown, ...args: unknown[]) => unknown;

export const ipcMain = {
  handlers: new Map<string, Handler>(),
  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  },
};

export const shell = { openExternal: vi.fn(async (_url: string) => undefined) };

type HeadersListener = (
  details: { responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
) => void;

export const fakeSession: {
  webRequest: { listener?: HeadersListener; onHeadersReceived(l: HeadersListener): void };
} = {
  webRequest: {
    listener: undefined,
    onHeadersReceived(listener) {
      this.listener = listener;
    },
  },
};
export const session = { defaultSession: fakeSession };

export class Tray extends EventEmitter {
  static created: Tray[] = [];
  tooltip = '';
  title = '';
  menu: { template: MenuItem[] } | undefined;
  destroyed = false;
  constructor(public image: unknown) {
    super();
    Tray.created.push(this);
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setTitle(text: string): void {
    this.title = text;
  }
  setContextMenu(menu: { template: MenuItem[] }): void {
    this.menu = menu;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

export interface MenuItem {
  label?: string;
  type?: string;
  click?: () => void;
}

export const Menu = {
  buildFromTemplate: (template: MenuItem[]) => ({ template }),
};

export const nativeImage = {
  createFromDataURL: (url: string) => ({ dataUrl: url }),
};

export class Notification extends EventEmitter {
  static created: Notification[] = [];
  static supported = true;
  static isSupported(): boolean {
    return Notification.supported;
  }
  shown = false;
  constructor(public options: { title: string; body: string; actions?: unknown[] }) {
    super();
    Notification.created.push(this);
  }
  show(): void {
    this.shown = true;
  }
}

export const powerMonitor = new EventEmitter();

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, value: unknown): void {
    this.exposed.set(key, value);
  },
};

class FakeIpcRenderer extends EventEmitter {
  invoke = vi.fn(async (_channel: string, _request: unknown): Promise<unknown> => undefined);
}
export const ipcRenderer = new FakeIpcRenderer();

export const protocol = {
  registerSchemesAsPrivileged: vi.fn(),
  handle: vi.fn(),
};

export const safeStorage = {
  available: true,
  backend: 'gnome_libsecret',
  isEncryptionAvailable(): boolean {
    return this.available;
  },
  getSelectedStorageBackend(): string {
    return this.backend;
  },
  encryptString: (plain: string) => Buffer.from(`sealed:${plain}`),
  decryptString: (sealed: Buffer) => sealed.toString().replace(/^sealed:/, ''),
};

export function resetElectron(): void {
  BrowserWindow.created = [];
  Tray.created = [];
  Notification.created = [];
  Notification.supported = true;
  ipcMain.handlers.clear();
  shell.openExternal.mockClear();
  fakeSession.webRequest.listener = undefined;
  powerMonitor.removeAllListeners();
  contextBridge.exposed.clear();
  ipcRenderer.removeAllListeners();
  ipcRenderer.invoke.mockReset();
  safeStorage.available = true;
  safeStorage.backend = 'gnome_libsecret';
}
