import { Button, Popconfirm, Table, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatMatchers } from '../../../shared/alerting/matchers.js';
import { formatTime, truncate } from '../../lib/format.js';
import { useAlertsStore, type SilenceRow } from '../../stores/alerts.js';
import { tableScroll } from '../../lib/table.js';
import { CodeLine } from '../../components/CodeLine.js';

/** Every Silence with its matchers and times, and a way to remove it. */
export function SilencesTable({ onFailure }: { onFailure(message: string): void }) {
  const { t } = useTranslation('alerts');
  const silences = useAlertsStore((s) => s.silences);
  const removeSilence = useAlertsStore((s) => s.removeSilence);

  return (
    <Table<SilenceRow>
      size="small"
      rowKey="id"
      tableLayout="fixed"
      {...tableScroll(silences.rows.length, 1050)}
      pagination={false}
      loading={silences.status === 'loading' && silences.rows.length === 0}
      dataSource={silences.rows}
      columns={[
        { title: t('silences.id'), width: 130, ellipsis: true, dataIndex: 'id' },
        {
          title: t('silences.matchers'),
          // One box per matcher, its comma kept with it: lines break between matchers only.
          render: (_, s) => (
            <Tooltip title={truncate(formatMatchers(s.matchers), 2_000)}>
              <div>
                {s.matchers.map((matcher, index) => (
                  <span key={index} style={{ whiteSpace: 'nowrap' }}>
                    <CodeLine text={truncate(formatMatchers([matcher]), 200)} />
                    {index < s.matchers.length - 1 && ','}
                  </span>
                ))}
              </div>
            </Tooltip>
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
        { title: t('silences.starts'), width: 160, render: (_, s) => formatTime(s.startsAtMs) },
        { title: t('silences.ends'), width: 160, render: (_, s) => formatTime(s.endsAtMs) },
        { title: t('silences.by'), width: 110, ellipsis: true, dataIndex: 'createdBy' },
        {
          title: t('silences.comment'),
          width: 180,
          ellipsis: { showTitle: false },
          render: (_, s) => (
            <Tooltip title={truncate(s.comment, 2_000)}>{truncate(s.comment, 200)}</Tooltip>
          ),
        },
        {
          title: t('silences.actions'),
          fixed: 'right',
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
