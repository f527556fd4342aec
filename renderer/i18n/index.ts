import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../stores/settings.js';
import { alerts } from './alerts.js';
import { audit } from './audit.js';
import { channels } from './channels.js';
import { common } from './common.js';
import { jobs } from './jobs.js';
import { overview } from './overview.js';
import { profiles } from './profiles.js';
import { queues } from './queues.js';
import { rules } from './rules.js';
import { schedules } from './schedules.js';

/** One namespace per area, each with the same keys in English and Simplified Chinese. */
export const NAMESPACES = {
  common,
  overview,
  queues,
  jobs,
  schedules,
  rules,
  alerts,
  channels,
  profiles,
  audit,
} as const;

export const LANGUAGES: readonly Language[] = ['en', 'zh'];

function resourcesFor(language: Language): Record<string, object> {
  return Object.fromEntries(
    Object.entries(NAMESPACES).map(([name, texts]) => [name, texts[language]]),
  );
}

/** A ready i18next instance (resources are bundled, so it initialises synchronously). */
export function createI18n(language: Language): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources: { en: resourcesFor('en'), zh: resourcesFor('zh') },
    lng: language,
    fallbackLng: 'en',
    ns: Object.keys(NAMESPACES),
    defaultNS: 'common',
    // React escapes what it renders; escaping here too would show &lt; in job names.
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  return instance;
}
