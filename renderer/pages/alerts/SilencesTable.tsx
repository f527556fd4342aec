import { Button, Popconfirm, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatMatchers } from '../../../shared/alerting/matchers.js';
import { formatTime, truncate } from '../../lib/format.js';
import { useAlertsStore, type SilenceRow } from '../../stores/alerts.js';

/** Every Silence with its matchers and times, and a way to remove it. */
export function SilencesTable({ onFailure }: { onFailure(message: string): void }) {
  const { t } = useTranslation('alerts');
  const silences = useAlertsStore((s) => s.silences);
  const removeSilence = useAlertsStore((s) => s.removeSilence);

  return (
    <Table<SilenceRow>
      size="small"
      rowKey="id"
      virtual
      scroll={{ x: 1200, y: 600 }}
      pagination={false}
      loading={silences.status === 'loading' && silences.rows.length === 0}
      dataSource={silences.rows}
      columns={[
        { title: t('silences.id'), width: 140, dataIndex: 'id' },
        {
          title: t('silences.matchers'),
          width: 360,
          render: (_, s) => (
            <Typography.Text code>{truncate(formatMatchers(s.matchers), 200)}</Typography.Text>
          ),
        },
        {
          title: t('silences.state'),
          width: 90,
          render: (_, s) =>
            s.active ? (
              <Tag color="processing">{t('silences.active')}</Tag>
            ) : (
              <Tag>{t('silences.inactive')}</Tag>
            ),
        },
        { title: t('silences.starts'), width: 170, render: (_, s) => formatTime(s.startsAtMs) },
        { title: t('silences.ends'), width: 170, render: (_, s) => formatTime(s.endsAtMs) },
        { title: t('silences.by'), width: 120, dataIndex: 'createdBy' },
        { title: t('silences.comment'), render: (_, s) => truncate(s.comment, 200) },
        {
          title: t('silences.actions'),
          width: 100,
          render: (_, s) => (
            <Popconfirm
              title={t('silences.removeQuestion', { id: s.id })}
              okText={t('silences.remove')}
              cancelText={t('silence.cancel')}
              onConfirm={async () => {
                const result = await removeSilence(s.id);
                if (!result.ok) onFailure(result.message);
              }}
            >
              <Button size="small" danger>
                {t('silences.remove')}
              </Button>
            </Popconfirm>
          ),
        },
      ]}
    />
  );
}
