import { App as AntApp, ConfigProvider, theme as antdTheme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useEffect, useMemo } from 'react';
import { I18nextProvider } from 'react-i18next';
import { onEvent } from '../api/index.js';
import { createI18n } from '../i18n/index.js';
import { useJobsStore } from '../stores/jobs.js';
import { useLiveStore } from '../stores/live.js';
import { useSettingsStore } from '../stores/settings.js';
import { startRouter, useRoute } from './route.js';
import { Shell } from './Shell.js';

/** Starts the pushes every page relies on; returns what stops them. */
function startFeeds(): () => void {
  const stops = [
    startRouter(),
    useLiveStore.getState().start(),
    useJobsStore.getState().listen(),
    // A clicked desktop notification opens its Alert: `#/alerts/<ruleId>/<seriesKey>`.
    onEvent('alerts.open', ({ ruleId, seriesKey }) =>
      useRoute.getState().navigate('alerts', ruleId, seriesKey),
    ),
    // The tray's "open firing alerts".
    onEvent('console.show', ({ page }) => useRoute.getState().navigate(page)),
  ];
  return () => {
    for (const stop of stops) stop();
  };
}

export function App() {
  const theme = useSettingsStore((state) => state.theme);
  const language = useSettingsStore((state) => state.language);
  // Created once; later language changes go through changeLanguage below.
  const i18n = useMemo(() => createI18n(useSettingsStore.getState().language), []);

  useEffect(() => startFeeds(), []);

  useEffect(() => {
    if (i18n.language !== language) void i18n.changeLanguage(language);
    document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
  }, [i18n, language]);

  return (
    <I18nextProvider i18n={i18n}>
      <ConfigProvider
        locale={language === 'zh' ? zhCN : enUS}
        theme={{
          algorithm: theme === 'dark' ? antdTheme.darkAlgorithm : antdTheme.defaultAlgorithm,
        }}
      >
        <AntApp>
          <Shell />
        </AntApp>
      </ConfigProvider>
    </I18nextProvider>
  );
}
