import { Alert, Descriptions, Drawer, Spin, Table, Tag } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { TickRecord } from '../../../shared/ledger.js';
import { formatDuration, formatTime, truncate } from '../../lib/format.js';
import { useSchedulesStore } from '../../stores/schedules.js';

const OUTCOME_COLOR: Record<TickRecord['outcome'], string> = {
  pending: 'processing',
  completed: 'success',
  failed: 'error',
  skipped: 'default',
  missed: 'warning',
};

/** The recent ticks of one schedule: who produced each, how late, and how it ended. */
export function ScheduleLedger({ id, onClose }: { id: string; onClose(): void }) {
  const { t } = useTranslation('schedules');
  const ledger = useSchedulesStore((s) => s.ledger);
  const loadLedger = useSchedulesStore((s) => s.loadLedger);

  useEffect(() => {
    void loadLedger(id);
  }, [id, loadLedger]);

  const report = ledger.id === id ? ledger.report : null;

  return (
    <Drawer open size="large" title={t('ledger.title', { id })} onClose={onClose}>
      {ledger.status === 'loading' && <Spin />}
      {ledger.status === 'error' && <Alert type="error" showIcon title={ledger.error} />}
      {report && (
        <>
          <Descriptions size="small" column={2} style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('ledger.missed')}>{report.missed}</Descriptions.Item>
            <Descriptions.Item label={t('ledger.duplicated')}>
              {report.duplicated}
            </Descriptions.Item>
          </Descriptions>
          <Table<TickRecord>
            size="small"
            rowKey="tickMs"
            virtual
            scroll={{ y: 520 }}
            pagination={false}
            dataSource={report.ticks}
            columns={[
              {
                title: t('ledger.tick'),
                dataIndex: 'tickMs',
                width: 170,
                render: (ms: number) => formatTime(ms),
              },
              {
                title: t('ledger.outcome'),
                dataIndex: 'outcome',
                width: 110,
                render: (outcome: TickRecord['outcome']) => (
                  <Tag color={OUTCOME_COLOR[outcome]}>{t(`outcome.${outcome}`)}</Tag>
                ),
              },
              { title: t('ledger.job'), dataIndex: 'jobId', width: 160 },
              {
                title: t('ledger.producedBy'),
                dataIndex: 'producedBy',
                width: 160,
                render: (nodes: string[]) => nodes.join(', '),
              },
              {
                title: t('ledger.lag'),
                dataIndex: 'lagMs',
                width: 90,
                render: (ms: number | null) => (ms === null ? '-' : formatDuration(ms)),
              },
              { title: t('ledger.attempts'), dataIndex: 'attempts', width: 80 },
              {
                title: t('ledger.error'),
                dataIndex: 'error',
                render: (error?: string) => (error ? truncate(error, 200) : ''),
              },
            ]}
          />
        </>
      )}
    </Drawer>
  );
}
