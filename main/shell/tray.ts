import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import type { ConsoleHost } from '../console/host.js';
import type { Logger } from '../log/logger.js';

/** The tray icon: the seven stars of the Dipper on a dark disc, 32x32 PNG. */
const TRAY_ICON_PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAAA5klEQVR42s1XwQ3DIAxkBySmMBvx7greiTmYoU9WoYpEq4gSgokBI90HRO6C8WErRRzGOjDWobHOG+tChs9zoGaMTHoQpU4EFjHGOm2siwTiEsdePUqOD4hLIJXcM5J/4XeS94lgPnZaOPKFS4ugawLiQgGxlueXG9L79QOjCDgLCBsEhLOAJllr7omI6vH3/i3TqUA19Xo+yhQSnG0898ZEfOWGwtFYDyIEbA8BbhSAty44GfBnRCvRbcWUizhqxTAzEy7WgPU5JqZhXF6QFOK0vJJMRFEqoiwX0ZiIaM1ENKcr2vMP7P9JOL0yM6MAAAAASUVORK5CYII=';

export interface TrayOptions {
  host: Pick<ConsoleHost, 'subscribe'>;
  openConsole: () => void;
  openFiringAlerts: () => void;
  isPaused: () => boolean;
  setPaused: (paused: boolean) => void;
  quit: () => void;
  log: Logger;
}

/** "Dipper - 3 alerts firing": what the tray says beside or under its icon. */
export function trayLabel(firing: number): { tooltip: string; title: string } {
  if (firing === 0) return { tooltip: 'Dipper - no alerts firing', title: '' };

  const alerts = firing === 1 ? '1 alert' : `${firing} alerts`;
  return { tooltip: `Dipper - ${alerts} firing`, title: String(firing) };
}

/**
 * The tray icon with the number of firing Alerts (from `live.snapshot`, so it is as fresh as
 * the console's own view) and the quick actions. Returns the undo.
 */
export function createTray(options: TrayOptions) {
  const tray = new Tray(nativeImage.createFromDataURL(TRAY_ICON_PNG));
  let firing = 0;

  function menu(): Menu {
    const paused = options.isPaused();
    const template: MenuItemConstructorOptions[] = [
      { label: 'Open console', click: options.openConsole },
      {
        label: firing > 0 ? `Open firing alerts (${firing})` : 'Open firing alerts',
        click: options.openFiringAlerts,
      },
      { type: 'separator' },
      {
        label: paused ? 'Resume desktop notifications' : 'Pause desktop notifications',
        click: () => {
          options.setPaused(!paused);
          render();
        },
      },
      { type: 'separator' },
      { label: 'Quit Dipper', click: options.quit },
    ];
    return Menu.buildFromTemplate(template);
  }

  function render(): void {
    const { tooltip, title } = trayLabel(firing);
    tray.setToolTip(options.isPaused() ? `${tooltip} (notifications paused)` : tooltip);
    // The title is the text beside the icon in the macOS menu bar; elsewhere it is ignored.
    tray.setTitle(title);
    tray.setContextMenu(menu());
  }

  const unsubscribe = options.host.subscribe((event, payload) => {
    if (event !== 'live.snapshot') return;
    // The snapshot lists every Alert that is not normal; the tray counts the firing ones.
    const next = (payload as { firing: { state: string }[] }).firing.filter(
      (alert) => alert.state === 'firing',
    ).length;
    if (next === firing) return;
    firing = next;
    render();
  });
  tray.on('click', options.openConsole);
  render();

  return {
    tray,
    render,
    dispose(): void {
      unsubscribe();
      tray.destroy();
    },
  };
}
