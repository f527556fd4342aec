import { Table, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AlertInstance } from '../../../shared/api/dto.js';
import { formatHash } from '../../app/route.js';
import { formatTime, truncate } from '../../lib/format.js';

/** Labels as one line of `key=value` text, the way matchers are written. */
export function labelsText(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');
}

/** Firing Alerts; virtual rows so a storm of 100,000 series stays smooth. */
export function FiringAlertsTable({ firing }: { firing: AlertInstance[] }) {
  const { t } = useTranslation('overview');

  return (
    <Table<AlertInstance>
      size="small"
      virtual
      scroll={{ y: 360 }}
      pagination={false}
      rowKey={(alert) => `${alert.ruleId}\u0000${alert.seriesKey}`}
      dataSource={firing}
      locale={{ emptyText: t('firing.none') }}
      columns={[
        {
          title: t('firing.rule'),
          dataIndex: 'ruleId',
          width: 180,
          ellipsis: true,
          render: (ruleId: string) => (
            <Typography.Link href={formatHash('alerts', ruleId)}>{ruleId}</Typography.Link>
          ),
        },
        {
          title: t('firing.labels'),
          dataIndex: 'labels',
          // Labels wrap rather than end in an ellipsis: which series fires is the point of
          // the row. Past 300 characters the rest shows on hover.
          render: (labels: Record<string, string>) => {
            const text = labelsText(labels);
            return (
              <Tooltip title={text.length > 300 ? truncate(text, 2_000) : undefined}>
                <span style={{ overflowWrap: 'anywhere' }}>{truncate(text, 300)}</span>
              </Tooltip>
            );
          },
        },
        {
          title: t('firing.value'),
          dataIndex: 'value',
          width: 100,
          render: (value: number | null) => (value === null ? '-' : String(value)),
        },
        {
          title: t('firing.since'),
          width: 180,
          render: (_, alert) => (
            <>
              {formatTime(alert.firingSinceMs ?? alert.activeSinceMs)}
              {alert.ackedBy && (
                <Typography.Text type="secondary">
                  {' '}
                  ({t('firing.acked', { user: alert.ackedBy })})
                </Typography.Text>
              )}
            </>
          ),
        },
      ]}
    />
  );
}
