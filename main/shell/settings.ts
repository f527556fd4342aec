import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../connection/atomic-write.js';
import type { Logger } from '../log/logger.js';
import { LabelMatcherSchema } from '../../shared/alerting/matchers.js';
import { parseWith } from '../../shared/validation.js';

export const DESKTOP_SETTINGS_VERSION = 1;

const DesktopSettingsSchema = z.strictObject({
  version: z.literal(DESKTOP_SETTINGS_VERSION),
  /** The profile the console last ran on; it starts there next time. */
  lastProfile: z.string().min(1).max(64).optional(),
  notifications: z
    .strictObject({
      /** While paused, desktop notices are dropped (the channel still counts them sent). */
      paused: z.boolean().default(false),
      /** This desktop shows a firing notice when one of its Alerts matches all of these. */
      matchers: z.array(LabelMatcherSchema).max(32).default([]),
    })
    .default({ paused: false, matchers: [] }),
});

export type DesktopSettings = z.infer<typeof DesktopSettingsSchema>;

const DEFAULTS: DesktopSettings = {
  version: DESKTOP_SETTINGS_VERSION,
  notifications: { paused: false, matchers: [] },
};

/** This desktop's own settings in `<dataDir>/desktop.json`; other nodes never see them. */
export interface DesktopSettingsStore {
  readonly file: string;
  current(): DesktopSettings;
  update(change: (settings: DesktopSettings) => DesktopSettings): Promise<void>;
}

/** Loads the settings; a missing or unreadable file gives the defaults (and a warning). */
export async function loadDesktopSettings(
  dataDir: string,
  log: Logger,
): Promise<DesktopSettingsStore> {
  const file = join(dataDir, 'desktop.json');
  let settings = DEFAULTS;
  try {
    const parsed = parseWith(
      DesktopSettingsSchema,
      JSON.parse(await readFile(file, 'utf8')),
      `desktop settings ${file}`,
    );
    if (parsed.ok) settings = parsed.value;
    else log.warn('desktop settings ignored', { problem: parsed.message });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      log.warn('desktop settings unreadable; using defaults', { file, err: error });
    }
  }

  return {
    file,
    current: () => settings,
    async update(change) {
      settings = change(settings);
      await writeFileAtomic(file, `${JSON.stringify(settings, null, 2)}\n`, 0o600);
    },
  };
}
