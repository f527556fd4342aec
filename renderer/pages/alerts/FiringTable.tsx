import { Button, Input, Space, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlertInstance } from '../../../shared/alerting/alert.js';
import { formatValue } from '../../../shared/alerting/template.js';
import { formatDuration, formatTime } from '../../lib/format.js';
import { tableScroll } from '../../lib/table.js';
import { useAlertsStore } from '../../stores/alerts.js';
import { useSettingsStore } from '../../stores/settings.js';
import { StateTag } from '../rules/StateTag.js';
import { LabelTags, labelsText } from './labels.js';
import { SEARCH_ATTRIBUTE } from '../../app/shortcuts.js';

export interface FiringTableProps {
  onSilence(alert: AlertInstance): void;
  onFailure(message: string): void;
}

/** Alerts that are not normal, filtered by the text typed, with acknowledge and silence. */
export function FiringTable({ onSilence, onFailure }: FiringTableProps) {
  const { t } = useTranslation('alerts');
  const active = useAlertsStore((s) => s.active);
  const status = useAlertsStore((s) => s.status);
  const ack = useAlertsStore((s) => s.ack);
  const filter = useSettingsStore((s) => s.labelFilter);
  const setFilter = useSettingsStore((s) => s.setLabelFilter);

  const shown = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    if (needle === '') return active;
    return active.filter((a) =>
      `${a.ruleId} ${labelsText(a.labels)}`.toLowerCase().includes(needle),
    );
  }, [active, filter]);

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Input.Search
        aria-label={t('firing.filter')}
        placeholder={t('firing.filter')}
        allowClear
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
        style={{ maxWidth: 420 }}
        {...{ [SEARCH_ATTRIBUTE]: true }}
      />
      <Typography.Text type="secondary">
        {t('firing.count', { shown: shown.length, count: active.length })}
      </Typography.Text>
      <Table<AlertInstance>
        size="small"
        rowKey={(a) => `${a.ruleId}/${a.seriesKey}`}
        tableLayout="fixed"
        {...tableScroll(shown.length, 1100)}
        pagination={false}
        loading={status === 'loading' && active.length === 0}
        dataSource={shown}
        columns={[
          {
            title: t('firing.state'),
            key: 'state',
            width: 90,
            render: (_, a) => <StateTag state={a.state} />,
          },
          { title: t('firing.rule'), key: 'rule', width: 150, ellipsis: true, dataIndex: 'ruleId' },
          {
            title: t('firing.labels'),
            key: 'labels',
            render: (_, a) => <LabelTags labels={a.labels} />,
          },
          {
            title: t('firing.value'),
            key: 'value',
            width: 80,
            render: (_, a) => formatValue(a.value),
          },
          {
            title: t('firing.since'),
            key: 'since',
            width: 170,
            render: (_, a) => (
              <Space orientation="vertical" size={0}>
                {formatTime(a.activeSinceMs)}
                <Typography.Text type="secondary">
                  {formatDuration(Date.now() - a.activeSinceMs)}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('firing.ackedBy'),
            key: 'ackedBy',
            width: 150,
            ellipsis: true,
            render: (_, a) => (a.ackedBy ? `${a.ackedBy} ${formatTime(a.ackedAtMs)}` : ''),
          },
          {
            title: t('firing.actions'),
            key: 'actions',
            fixed: 'right',
            width: 190,
            render: (_, a) => (
              <Space size={4}>
                <Button
                  size="small"
                  disabled={a.state !== 'firing' || a.ackedBy !== undefined}
                  onClick={async () => {
                    const result = await ack(a, '');
                    if (!result.ok) onFailure(result.message);
                  }}
                >
                  {t('firing.ack')}
                </Button>
                <Button size="small" onClick={() => onSilence(a)}>
                  {t('firing.silence')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
    </Space>
  );
}
