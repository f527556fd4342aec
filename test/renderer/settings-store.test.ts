import { beforeEach, describe, expect, it } from 'vitest';
import {
  migrateSettings,
  SETTINGS_KEY,
  SETTINGS_VERSION,
  useSettingsStore,
} from '../../renderer/stores/settings.js';

function stored(): { state: Record<string, unknown>; version: number } {
  return JSON.parse(localStorage.getItem(SETTINGS_KEY) ?? 'null') as {
    state: Record<string, unknown>;
    version: number;
  };
}

describe('settings store', () => {
  beforeEach(() => {
    localStorage.clear();
    useSettingsStore.setState({ theme: 'light', language: 'en', pageSize: 50, labelFilter: '' });
  });

  it('persists theme, language, page size and label filter with the current version', () => {
    const settings = useSettingsStore.getState();
    settings.setTheme('dark');
    settings.setLanguage('zh');
    settings.setPageSize(200);
    settings.setLabelFilter('team=payments');

    expect(stored()).toEqual({
      state: { theme: 'dark', language: 'zh', pageSize: 200, labelFilter: 'team=payments' },
      version: SETTINGS_VERSION,
    });
  });

  it('refuses a page size the jobs table does not offer', () => {
    useSettingsStore.getState().setPageSize(75);

    expect(useSettingsStore.getState().pageSize).toBe(50);
  });

  describe('when an entry of version 0 is stored', () => {
    it('keeps its valid fields and maps language tags on rehydrate', async () => {
      localStorage.setItem(
        SETTINGS_KEY,
        JSON.stringify({
          state: { theme: 'dark', language: 'zh-CN', pageSize: 100, labelFilter: 'env=prod' },
          version: 0,
        }),
      );

      await useSettingsStore.persist.rehydrate();

      const { theme, language, pageSize, labelFilter } = useSettingsStore.getState();
      expect({ theme, language, pageSize, labelFilter }).toEqual({
        theme: 'dark',
        language: 'zh',
        pageSize: 100,
        labelFilter: 'env=prod',
      });
      expect(stored().version).toBe(SETTINGS_VERSION);
    });
  });

  describe('migrateSettings', () => {
    it('replaces fields of the wrong kind with their defaults', () => {
      const migrated = migrateSettings({
        theme: 'purple',
        language: 'fr',
        pageSize: '50',
        labelFilter: 42,
      });

      expect(migrated.theme).toBe('light');
      expect(migrated.pageSize).toBe(50);
      expect(migrated.labelFilter).toBe('');
      expect(['en', 'zh']).toContain(migrated.language);
    });

    it('returns the defaults for something that is not an object', () => {
      expect(migrateSettings('dark').theme).toBe('light');
      expect(migrateSettings(null).pageSize).toBe(50);
    });

    it('cuts a label filter to 500 characters', () => {
      expect(migrateSettings({ labelFilter: 'x'.repeat(900) }).labelFilter).toHaveLength(500);
    });
  });

  describe('when a current-version entry was edited by hand', () => {
    it('checks it the same way on rehydrate', async () => {
      localStorage.setItem(
        SETTINGS_KEY,
        JSON.stringify({ state: { theme: 'neon', pageSize: 500 }, version: SETTINGS_VERSION }),
      );

      await useSettingsStore.persist.rehydrate();

      expect(useSettingsStore.getState().theme).toBe('light');
      expect(useSettingsStore.getState().pageSize).toBe(500);
    });
  });
});
