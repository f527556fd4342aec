// Boots the built main bundle with the stand-in electron, calls it as the console window and as
// a forged frame would, waits for a live snapshot, quits, and prints what happened as JSON.
import process from 'node:process';
import { setTimeout } from 'node:timers';
const [bundle] = process.argv.slice(2);
const waitUntil = async (check, what) => {
  const deadline = Date.now() + 60_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

await import(bundle);
// The stand-in exists once the bundle has imported it.
const state = globalThis.__shell;
await waitUntil(() => state.windows.length > 0 || state.error, 'the window');
if (state.error) throw new Error(state.error);
const window = state.windows[0];
const call = (method, request, frame = window.webContents.mainFrame) =>
  state.handlers.get(`dipper:call:${method}`)({ senderFrame: frame }, request);

const report = {
  handlers: state.handlers.size,
  webPreferences: window.options.webPreferences,
  url: window.webContents.mainFrame.url,
  csp: state.csp,
  info: await call('app.info', {}),
  schedules: await call('schedules.list', {}).then(
    (r) => r.ok && r.value.map((row) => row.schedule.id),
  ),
  forged: await call('queues.list', {}, { processId: 9, routingId: 9, url: 'app://dipper/' }),
  tooltip: state.tray?.tooltip,
};
await waitUntil(
  () => state.sent.some((s) => s.channel === 'dipper:event:live.snapshot'),
  'a snapshot',
);
report.snapshot = true;
const started = Date.now();
await new Promise((resolve) => {
  state.onQuit = resolve;
  globalThis.__shellApp.quit();
});
report.quitMs = Date.now() - started;
report.trayDestroyed = state.tray?.destroyed === true;
process.stdout.write(`${JSON.stringify(report)}\n`);
process.exit(0);
