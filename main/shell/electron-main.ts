import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, session } from 'electron';
import { ensureDataDir } from '../connection/data-dir.js';
import { SANDBOX_PROFILE_NAME, sandboxProfile } from '../../shared/profile.js';
import { createProfileStore } from '../connection/profile-store.js';
import { startConsoleHost, type ConsoleHost } from '../console/host.js';
import { createLogger } from '../log/logger.js';
import { builtinProcessors } from '../queues/builtin-processors.js';
import { createProcessorRegistry } from '../queues/processor.js';
import { ipcChannel, type EventName, type EventPayload } from '../../shared/api/contract.js';
import { registerIpc } from './ipc.js';
import { logToRotatingFile } from './log-file.js';
import { createDesktopNotifier } from './notifications.js';
import { watchPower } from './power.js';
import { registerAppScheme, serveRenderer } from './protocol.js';
import { APP_ENTRY_URL } from './renderer-url.js';
import { keychainCodec } from './secrets.js';
import { loadDesktopSettings } from './settings.js';
import { createTray } from './tray.js';
import { applyContentSecurityPolicy, createMainWindow } from './window.js';

/** How long quitting waits for the node to stop (running jobs, Redis), ms. */
const SHUTDOWN_DEADLINE_MS = 15_000;

const here = dirname(fileURLToPath(import.meta.url));
const preloadPath = join(here, '../preload/preload.cjs');
const rendererDir = join(here, '../renderer');
// electron-vite's dev server in development; our own app:// scheme otherwise.
const devServer = process.env.ELECTRON_RENDERER_URL;
const entryUrl = !app.isPackaged && devServer ? devServer : APP_ENTRY_URL;

registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  // Another Dipper console runs: it shows its window (second-instance) and this one leaves.
  app.quit();
} else {
  logToRotatingFile(app.getPath('logs'), !app.isPackaged);
  const log = createLogger('shell');
  app.whenReady().then(
    () => startShell(log),
    (error: unknown) => log.error('electron did not become ready', { err: error }),
  );
}

async function startShell(log: ReturnType<typeof createLogger>): Promise<void> {
  const dataDir = await ensureDataDir();
  if (!dataDir.ok) return giveUp(log, dataDir.message);
  const codec = keychainCodec();
  log.info('desktop starting', { dataDir: dataDir.value, secretsEncrypted: codec !== undefined });
  const profiles = createProfileStore(dataDir.value, codec ? { codec } : {});
  const settings = await loadDesktopSettings(dataDir.value, log.child('settings'));

  let window: BrowserWindow | undefined;
  // The notifier exists before the host it acknowledges through (the node needs its hand-off).
  const late: { host?: ConsoleHost } = {};
  let isQuitting = false;

  function showWindow(): BrowserWindow {
    if (!window || window.isDestroyed()) {
      window = createMainWindow({ entryUrl, preloadPath, log: log.child('window') });
      window.on('close', (event) => {
        // With a tray the console keeps watching: closing hides it (Linux trays are unreliable,
        // so there closing quits).
        if (isQuitting || process.platform === 'linux') return;
        event.preventDefault();
        window?.hide();
      });
    }
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
    return window;
  }

  function tellRenderer<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const target = showWindow();
    const send = () => target.webContents.send(ipcChannel(event, 'event'), payload);
    if (target.webContents.isLoading()) target.webContents.once('did-finish-load', send);
    else send();
  }

  const notifier = createDesktopNotifier({
    settings: () => settings.current().notifications,
    dispatch: () => late.host?.dispatch,
    openAlert: (alert) => tellRenderer('alerts.open', alert),
    log: log.child('notifications'),
  });
  const processors = createProcessorRegistry(builtinProcessors());
  const start = (profile: Parameters<typeof startConsoleHost>[0]['profile']) =>
    startConsoleHost({
      profile,
      profiles,
      mode: 'desktop',
      processors,
      log: log.child('console'),
      demo: true,
      node: { showDesktop: notifier.show },
    });

  const lastName = settings.current().lastProfile ?? SANDBOX_PROFILE_NAME;
  const last = await profiles.get(lastName);
  if (!last.ok)
    log.warn('last profile unavailable; starting on the sandbox', { problem: last.message });
  let started = await start(last.ok ? last.value : sandboxProfile());
  if (!started.ok && last.ok && lastName !== SANDBOX_PROFILE_NAME) {
    log.warn('last profile did not start; starting on the sandbox', { problem: started.message });
    started = await start(sandboxProfile());
  }
  if (!started.ok) return giveUp(log, started.message);
  const running = started.value;
  late.host = running;

  serveRenderer(rendererDir);
  applyContentSecurityPolicy(session.defaultSession, entryUrl);
  const windows = () => (window && !window.isDestroyed() ? [window] : []);
  const undoIpc = registerIpc({ host: running, windows, entryUrl, log: log.child('ipc') });
  showWindow();

  running.subscribe((event, payload) => {
    if (event !== 'profile.switched') return;
    const name = (payload as EventPayload<'profile.switched'>).profile.name;
    settings
      .update((current) => ({ ...current, lastProfile: name }))
      .catch((error: unknown) => log.warn('last profile not saved', { err: error }));
  });
  const tray = createTray({
    host: running,
    openConsole: () => showWindow(),
    openFiringAlerts: () => tellRenderer('console.show', { page: 'alerts' }),
    isPaused: () => settings.current().notifications.paused,
    setPaused: (paused) => {
      settings
        .update((current) => ({ ...current, notifications: { ...current.notifications, paused } }))
        .catch((error: unknown) => log.warn('notification setting not saved', { err: error }));
    },
    quit: () => app.quit(),
    log: log.child('tray'),
  });
  const undoPower = watchPower({
    producer: () => running.session()?.node.producer,
    log: log.child('power'),
  });

  app.on('second-instance', () => showWindow());
  app.on('activate', () => showWindow());
  app.on('window-all-closed', () => {
    if (process.platform === 'linux') app.quit();
  });

  let stopped = false;
  app.on('before-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    if (isQuitting) return;
    isQuitting = true;
    undoPower();
    undoIpc();
    tray.dispose();
    const deadline = new Promise((resolve) => setTimeout(resolve, SHUTDOWN_DEADLINE_MS).unref());
    Promise.race([running.stop(), deadline])
      .catch((error: unknown) => log.error('node did not stop cleanly', { err: error }))
      .finally(() => {
        stopped = true;
        log.info('desktop stopped');
        app.quit();
      });
  });
}

function giveUp(log: ReturnType<typeof createLogger>, message: string): void {
  log.error('desktop cannot start', { problem: message });
  dialog.showErrorBox('Dipper cannot start', message);
  app.exit(1);
}
