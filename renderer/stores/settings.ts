import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

export type Theme = 'light' | 'dark';
export type Language = 'en' | 'zh';

/** Page sizes the jobs table offers; the contract allows at most 500. */
export const PAGE_SIZES = [20, 50, 100, 200, 500] as const;

/** What this console remembers between runs, in localStorage only. */
export interface Settings {
  theme: Theme;
  language: Language;
  pageSize: number;
  /** The label filter text typed on the alert pages, kept across restarts of the desktop app. */
  labelFilter: string;
}

export interface SettingsState extends Settings {
  setTheme(theme: Theme): void;
  setLanguage(language: Language): void;
  setPageSize(pageSize: number): void;
  setLabelFilter(text: string): void;
}

export const SETTINGS_KEY = 'dipper.settings';
/**
 * Version of the stored shape. Version 0 is what zustand writes when no version is given and
 * what a hand-edited entry may hold: any object, fields possibly missing or of the wrong kind.
 */
export const SETTINGS_VERSION = 1;

function systemLanguage(): Language {
  const tag = typeof navigator === 'undefined' ? '' : navigator.language;
  return tag.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export function defaultSettings(): Settings {
  return { theme: 'light', language: systemLanguage(), pageSize: 50, labelFilter: '' };
}

function languageOf(value: unknown): Language | undefined {
  if (typeof value !== 'string') return undefined;
  const tag = value.toLowerCase();
  if (tag.startsWith('zh')) return 'zh';
  if (tag.startsWith('en')) return 'en';
  return undefined;
}

/**
 * Brings a stored entry of any earlier version to the current shape: valid fields are kept,
 * language tags such as `zh-CN` become `zh`, anything else falls back to its default.
 */
export function migrateSettings(persisted: unknown): Settings {
  const defaults = defaultSettings();
  if (!persisted || typeof persisted !== 'object') return defaults;
  const stored = persisted as Record<string, unknown>;

  const theme = stored.theme === 'dark' || stored.theme === 'light' ? stored.theme : undefined;
  const pageSize = (PAGE_SIZES as readonly unknown[]).includes(stored.pageSize)
    ? (stored.pageSize as number)
    : undefined;
  const labelFilter =
    typeof stored.labelFilter === 'string' ? stored.labelFilter.slice(0, 500) : undefined;

  return {
    theme: theme ?? defaults.theme,
    language: languageOf(stored.language) ?? defaults.language,
    pageSize: pageSize ?? defaults.pageSize,
    labelFilter: labelFilter ?? defaults.labelFilter,
  };
}

export const useSettingsStore = create<SettingsState>()(
  persist(
    (set) => ({
      ...defaultSettings(),
      setTheme: (theme) => set({ theme }),
      setLanguage: (language) => set({ language }),
      setPageSize: (pageSize) =>
        set({ pageSize: (PAGE_SIZES as readonly number[]).includes(pageSize) ? pageSize : 50 }),
      setLabelFilter: (labelFilter) => set({ labelFilter: labelFilter.slice(0, 500) }),
    }),
    {
      name: SETTINGS_KEY,
      version: SETTINGS_VERSION,
      storage: createJSONStorage(() => localStorage),
      partialize: ({ theme, language, pageSize, labelFilter }) => ({
        theme,
        language,
        pageSize,
        labelFilter,
      }),
      migrate: (persisted) => migrateSettings(persisted),
      // A current-version entry is checked the same way: someone may have edited it by hand.
      merge: (persisted, current) => ({
        ...current,
        ...migrateSettings(persisted),
      }),
    },
  ),
);
