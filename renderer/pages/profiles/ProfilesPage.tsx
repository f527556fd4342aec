import { Button, Popconfirm, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProfileSummary } from '../../../shared/api/dto.js';
import { useProfilesStore } from '../../stores/profiles.js';
import { ConnectionChecks } from './ConnectionChecks.js';
import { ProfileEditor } from './ProfileEditor.js';
import { CodeLine } from '../../components/CodeLine.js';
import { ListPageHeader } from '../../components/ListPageHeader.js';

/** Saved profiles, the checks of the active one, and switching between them. */
export function ProfilesPage() {
  const { t } = useTranslation('profiles');
  const status = useProfilesStore((s) => s.status);
  const error = useProfilesStore((s) => s.error);
  const rows = useProfilesStore((s) => s.rows);
  const switching = useProfilesStore((s) => s.switching);
  const load = useProfilesStore((s) => s.load);
  const runChecks = useProfilesStore((s) => s.runChecks);
  const watch = useProfilesStore((s) => s.watch);
  const remove = useProfilesStore((s) => s.remove);
  const switchTo = useProfilesStore((s) => s.switchTo);
  const [editing, setEditing] = useState<{ profile: ProfileSummary | null } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    void load();
    void runChecks();
    return watch();
  }, [load, runChecks, watch]);

  const columns: ColumnsType<ProfileSummary> = [
    {
      title: t('column.name'),
      width: 180,
      render: (_, p) => (
        <Space size={4}>
          {p.name}
          {p.active && <Tag color="processing">{t('active')}</Tag>}
        </Space>
      ),
    },
    { title: t('column.kind'), width: 110, render: (_, p) => t(`kind.${p.kind}`) },
    {
      title: t('column.target'),
      width: 320,
      render: (_, p) => <CodeLine text={p.target} title={p.target} />,
    },
    { title: t('column.prefix'), width: 120, dataIndex: 'prefix' },
    {
      title: t('column.readOnly'),
      width: 100,
      render: (_, p) => (p.readOnly ? <Tag color="orange">{t('readOnly')}</Tag> : ''),
    },
    {
      title: t('column.actions'),
      width: 240,
      render: (_, p) => (
        <Space size={4}>
          <Popconfirm
            title={t('switchQuestion', { name: p.name })}
            okText={t('switch')}
            cancelText={t('cancel')}
            disabled={p.active}
            onConfirm={async () => {
              const result = await switchTo(p.name);
              setFailure(result.ok ? null : result.message);
            }}
          >
            <Button size="small" type="primary" disabled={p.active} loading={switching === p.name}>
              {t('switch')}
            </Button>
          </Popconfirm>
          <Button
            size="small"
            disabled={p.kind === 'sandbox'}
            onClick={() => setEditing({ profile: p })}
          >
            {t('edit')}
          </Button>
          <Popconfirm
            title={t('removeQuestion', { name: p.name })}
            okText={t('remove')}
            cancelText={t('cancel')}
            disabled={p.kind === 'sandbox' || p.active}
            onConfirm={async () => {
              const result = await remove(p.name);
              setFailure(result.ok ? null : result.message);
            }}
          >
            <Button size="small" danger disabled={p.kind === 'sandbox' || p.active}>
              {t('remove')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <ListPageHeader
        title={t('title')}
        create={{ label: t('create'), onClick: () => setEditing({ profile: null }) }}
        reload={{ label: t('reload'), onClick: () => void load() }}
        isLoading={status === 'loading'}
        error={status === 'error' ? error : null}
        notice={failure === null ? null : { type: 'error', text: failure }}
        onDismiss={() => setFailure(null)}
      />
      <Table<ProfileSummary>
        size="small"
        rowKey="name"
        pagination={false}
        loading={status === 'loading' && rows.length === 0}
        dataSource={rows}
        columns={columns}
      />
      <ConnectionChecks />
      {editing && <ProfileEditor profile={editing.profile} onClose={() => setEditing(null)} />}
    </Space>
  );
}
