import { Alert, Button, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Channel } from '../../../shared/alerting/channel.js';
import type { ChannelView } from '../../../shared/api/dto.js';
import { truncate } from '../../lib/format.js';
import { useChannelsStore } from '../../stores/channels.js';
import { useLiveStore } from '../../stores/live.js';
import { needsConfirmation } from '../../stores/profiles.js';
import { DeleteButton } from '../schedules/TypedConfirm.js';
import { ChannelEditor } from './ChannelEditor.js';

/** Where a channel sends, as main shows it (secrets already `***`). */
function targetOf(channel: ChannelView): string {
  switch (channel.kind) {
    case 'webhook':
    case 'alertmanager':
      return channel.url;
    case 'slack':
    case 'wecom':
    case 'dingtalk':
    case 'feishu':
      return channel.webhookUrl;
    case 'email':
      return `${channel.smtp.host}:${channel.smtp.port} → ${channel.to.join(', ')}`;
    case 'desktop':
      return '';
  }
}

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
  const app = useLiveStore((s) => s.app);
  const [editing, setEditing] = useState<{ channel: Channel | null } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    void load();
    return watch();
  }, [load, watch]);

  const columns: ColumnsType<ChannelView> = [
    { title: t('column.id'), width: 160, dataIndex: 'id' },
    { title: t('column.name'), width: 180, render: (_, c) => truncate(c.name, 80) },
    { title: t('column.kind'), width: 120, render: (_, c) => <Tag>{t(`kind.${c.kind}`)}</Tag> },
    {
      title: t('column.target'),
      width: 320,
      render: (_, c) => <Typography.Text code>{truncate(targetOf(c), 120)}</Typography.Text>,
    },
    {
      title: t('column.enabled'),
      width: 90,
      render: (_, c) => (c.enabled ? t('yes') : t('no')),
    },
    {
      title: t('column.test'),
      width: 300,
      render: (_, c) => {
        const test = tests[c.id];
        if (!test || test.status === 'idle') return '';
        if (test.status === 'loading') return t('testing');
        if (test.status === 'error')
          return <Tag color="error">{truncate(test.error ?? '', 200)}</Tag>;
        const outcome = test.result;
        if (!outcome) return '';
        return (
          <Tooltip title={outcome.message}>
            <Tag color={outcome.ok ? 'success' : 'error'}>
              {outcome.ok ? t('testSent', { ms: outcome.durationMs }) : t('testFailed')}
            </Tag>
            {outcome.ok ? '' : truncate(outcome.message, 200)}
          </Tooltip>
        );
      },
    },
    {
      title: t('column.actions'),
      width: 220,
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
            isTyped={needsConfirmation(app)}
            texts={{
              action: t('delete.action'),
              question: t('delete.question', { id: c.id }),
              typePrompt: t('delete.typePrompt'),
              ok: t('delete.ok'),
              cancel: t('delete.cancel'),
            }}
            onDelete={async (confirm) => {
              const result = await remove(c.id, confirm);
              setFailure(result.ok ? null : result.message);
            }}
          />
        </Space>
      ),
    },
  ];

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        <Button type="primary" onClick={() => setEditing({ channel: null })}>
          {t('create')}
        </Button>
        <Button onClick={() => void load()} loading={status === 'loading'}>
          {t('reload')}
        </Button>
      </Space>
      {status === 'error' && <Alert type="error" showIcon title={error} />}
      {failure && (
        <Alert type="error" showIcon closable title={failure} onClose={() => setFailure(null)} />
      )}
      <Table<ChannelView>
        size="small"
        rowKey="id"
        virtual
        scroll={{ x: 1400, y: 600 }}
        pagination={false}
        loading={status === 'loading' && rows.length === 0}
        dataSource={rows}
        columns={columns}
      />
      {editing && <ChannelEditor channel={editing.channel} onClose={() => setEditing(null)} />}
    </Space>
  );
}
