import { Button, Space, Table, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Channel } from '../../../shared/alerting/channel.js';
import type { ChannelView } from '../../../shared/api/dto.js';
import { DeleteButton } from '../../components/DeleteButton.js';
import { ListPageHeader, type Notice } from '../../components/ListPageHeader.js';
import { truncate } from '../../lib/format.js';
import { tableScroll } from '../../lib/table.js';
import { useChannelsStore } from '../../stores/channels.js';
import { ChannelEditor } from './ChannelEditor.js';
import { CodeLine } from '../../components/CodeLine.js';

/** Every channel, a test notification for each, and the editor. */
export function ChannelsPage() {
  const { t } = useTranslation('channels');
  const status = useChannelsStore((s) => s.status);
  const error = useChannelsStore((s) => s.error);
  const rows = useChannelsStore((s) => s.rows);
  const tests = useChannelsStore((s) => s.tests);
  const load = useChannelsStore((s) => s.load);
  const watch = useChannelsStore((s) => s.watch);
  const remove = useChannelsStore((s) => s.remove);
  const sendTest = useChannelsStore((s) => s.sendTest);
  const [editing, setEditing] = useState<{ channel: Channel | null } | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);

  useEffect(() => {
    void load();
    return watch();
  }, [load, watch]);

  // Sized to fit beside the menu at 1366 px; the name gives way first (ellipsis).
  const columns: ColumnsType<ChannelView> = [
    {
      title: t('column.id'),
      key: 'id',
      width: 150,
      fixed: 'left',
      ellipsis: true,
      dataIndex: 'id',
    },
    {
      title: t('column.name'),
      key: 'name',
      ellipsis: { showTitle: false },
      render: (_, c) => <Tooltip title={c.name}>{c.name}</Tooltip>,
    },
    {
      title: t('column.kind'),
      key: 'kind',
      width: 110,
      render: (_, c) => <Tag>{t(`kind.${c.kind}`)}</Tag>,
    },
    {
      title: t('column.target'),
      key: 'target',
      width: 250,
      ellipsis: { showTitle: false },
      render: (_, c) => {
        const target = c.sendsTo ?? '';
        // A desktop channel sends to no address: no empty code box.
        if (target === '') return null;
        return (
          <Tooltip title={target}>
            <CodeLine text={truncate(target, 300)} />
          </Tooltip>
        );
      },
    },
    {
      title: t('column.enabled'),
      key: 'enabled',
      width: 80,
      render: (_, c) => (c.enabled ? t('yes') : t('no')),
    },
    {
      title: t('column.test'),
      key: 'test',
      width: 200,
      ellipsis: { showTitle: false },
      render: (_, c) => {
        const test = tests[c.id];
        if (!test || test.status === 'idle') return '';
        if (test.status === 'loading') return t('testing');
        if (test.status === 'error') {
          return (
            <Tooltip title={truncate(test.error ?? '', 2_000)}>
              <Tag color="error">{t('testFailed')}</Tag>
              {truncate(test.error ?? '', 200)}
            </Tooltip>
          );
        }
        const outcome = test.result;
        if (!outcome) return '';
        return (
          <Tooltip title={outcome.message}>
            <Tag color="success">{t('testSent', { ms: outcome.durationMs })}</Tag>
          </Tooltip>
        );
      },
    },
    {
      title: t('column.actions'),
      key: 'actions',
      fixed: 'right',
      width: 210,
      render: (_, c) => (
        <Space size={4}>
          <Button
            size="small"
            loading={tests[c.id]?.status === 'loading'}
            onClick={() => void sendTest(c.id)}
          >
            {t('sendTest')}
          </Button>
          <Button size="small" onClick={() => setEditing({ channel: c })}>
            {t('edit')}
          </Button>
          <DeleteButton
            id={c.id}
            namespace="channels"
            onDelete={async (confirm) => {
              const result = await remove(c.id, confirm);
              setNotice(result.ok ? null : { type: 'error', text: result.message });
            }}
          />
        </Space>
      ),
    },
  ];

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <ListPageHeader
        title={t('title')}
        create={{ label: t('create'), onClick: () => setEditing({ channel: null }) }}
        reload={{ label: t('reload'), onClick: () => void load() }}
        isLoading={status === 'loading'}
        error={status === 'error' ? error : null}
        notice={notice}
        onDismiss={() => setNotice(null)}
      />
      <Table<ChannelView>
        size="small"
        rowKey="id"
        tableLayout="fixed"
        {...tableScroll(rows.length, 1150)}
        pagination={false}
        loading={status === 'loading' && rows.length === 0}
        dataSource={rows}
        columns={columns}
      />
      {editing && <ChannelEditor channel={editing.channel} onClose={() => setEditing(null)} />}
    </Space>
  );
}
