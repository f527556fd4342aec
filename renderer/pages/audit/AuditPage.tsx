import { Button, Space, Table, Tag, Tooltip } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../../shared/api/dto.js';
import { formatTime, truncate } from '../../lib/format.js';
import { tableScroll } from '../../lib/table.js';
import { useAuditStore } from '../../stores/audit.js';
import { CodeLine } from '../../components/CodeLine.js';
import { ListPageHeader } from '../../components/ListPageHeader.js';

/** Every operator action on shared state, newest first, growing as nodes append. */
export function AuditPage() {
  const { t } = useTranslation('audit');
  const status = useAuditStore((s) => s.status);
  const error = useAuditStore((s) => s.error);
  const entries = useAuditStore((s) => s.entries);
  const hasMore = useAuditStore((s) => s.hasMore);
  const load = useAuditStore((s) => s.load);
  const more = useAuditStore((s) => s.more);
  const watch = useAuditStore((s) => s.watch);

  useEffect(() => {
    void load();
    return watch();
  }, [load, watch]);

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <ListPageHeader
        title={t('title')}
        reload={{ label: t('reload'), onClick: () => void load() }}
        isLoading={status === 'loading'}
        error={status === 'error' ? error : null}
      />
      <Table<AuditEntry>
        size="small"
        rowKey="id"
        tableLayout="fixed"
        {...tableScroll(entries.length, 1050, 640)}
        pagination={false}
        loading={status === 'loading' && entries.length === 0}
        dataSource={entries}
        columns={[
          { title: t('column.time'), width: 160, render: (_, e) => formatTime(e.atMs) },
          { title: t('column.user'), width: 100, ellipsis: true, dataIndex: 'user' },
          { title: t('column.host'), width: 110, ellipsis: true, dataIndex: 'host' },
          { title: t('column.profile'), width: 100, ellipsis: true, dataIndex: 'profile' },
          {
            title: t('column.action'),
            width: 160,
            render: (_, e) => <CodeLine text={e.action} />,
          },
          {
            title: t('column.target'),
            width: 150,
            ellipsis: { showTitle: false },
            render: (_, e) => (
              <Tooltip title={truncate(e.target, 500)}>{truncate(e.target, 100)}</Tooltip>
            ),
          },
          {
            title: t('column.detail'),
            ellipsis: { showTitle: false },
            render: (_, e) => (
              <Tooltip title={truncate(e.detail, 2_000)}>{truncate(e.detail, 300)}</Tooltip>
            ),
          },
          {
            title: t('column.outcome'),
            width: 90,
            render: (_, e) => (
              <Tag color={e.outcome === 'ok' ? 'success' : 'error'}>
                {t(`outcome.${e.outcome}`)}
              </Tag>
            ),
          },
        ]}
      />
      {hasMore && (
        <Button onClick={() => void more()} loading={status === 'loading'}>
          {t('more')}
        </Button>
      )}
    </Space>
  );
}
