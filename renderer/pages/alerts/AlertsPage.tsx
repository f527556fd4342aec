import { App, Space, Tabs } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LabelMatcher } from '../../../shared/alerting/matchers.js';
import { ListPageHeader } from '../../components/ListPageHeader.js';
import { useAlertsStore } from '../../stores/alerts.js';
import { useRulesStore } from '../../stores/rules.js';
import { FiringTable } from './FiringTable.js';
import { HistoryPanel } from './HistoryPanel.js';
import { SilenceModal } from './SilenceModal.js';
import { SilencesTable } from './SilencesTable.js';
import { silenceMatchersOf } from './matcher-text.js';

/** How often the firing list is read again while the page is open, ms. */
const REFRESH_MS = 10_000;

/** Alerts firing now, Silences, and the alert history. */
export function AlertsPage() {
  const { t } = useTranslation('alerts');
  const { message } = App.useApp();
  const status = useAlertsStore((s) => s.status);
  const error = useAlertsStore((s) => s.error);
  const load = useAlertsStore((s) => s.load);
  const loadSilences = useAlertsStore((s) => s.loadSilences);
  const watch = useAlertsStore((s) => s.watch);
  const rules = useRulesStore((s) => s.rows);
  const [silencing, setSilencing] = useState<LabelMatcher[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    void load();
    void loadSilences();
    const timer = setInterval(() => void load(), REFRESH_MS);
    const stop = watch();
    return () => {
      clearInterval(timer);
      stop();
    };
  }, [load, loadSilences, watch]);

  useEffect(() => {
    // Silencing an Alert needs its Rule's name (the `alertname` label routing matches on).
    void useRulesStore.getState().load();
  }, []);

  const ruleNameOf = (ruleId: string) => rules.find((row) => row.rule.id === ruleId)?.rule.name;

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <ListPageHeader
        title={t('title')}
        create={{ label: t('newSilence'), onClick: () => setSilencing([]), isPrimary: false }}
        reload={{ label: t('reload'), onClick: () => void load() }}
        isLoading={status === 'loading'}
        error={status === 'error' ? error : null}
        notice={failure === null ? null : { type: 'error', text: failure }}
        onDismiss={() => setFailure(null)}
      />
      <Tabs
        items={[
          {
            key: 'firing',
            label: t('tab.firing'),
            children: (
              <FiringTable
                onSilence={(alert) =>
                  setSilencing(silenceMatchersOf(alert.labels, ruleNameOf(alert.ruleId)))
                }
                onFailure={setFailure}
              />
            ),
          },
          {
            key: 'silences',
            label: t('tab.silences'),
            children: <SilencesTable onFailure={setFailure} />,
          },
          { key: 'history', label: t('tab.history'), children: <HistoryPanel /> },
        ]}
      />
      {silencing && (
        <SilenceModal
          initial={silencing}
          onClose={() => setSilencing(null)}
          onCreated={(id) => {
            setSilencing(null);
            void message.success(t('silence.created', { id }));
          }}
        />
      )}
    </Space>
  );
}
