import { Alert, Button, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScheduleRow } from '../../../shared/api/dto.js';
import type { Schedule } from '../../../shared/schedule.js';
import { formatTime } from '../../lib/format.js';
import { useLiveStore } from '../../stores/live.js';
import { needsConfirmation } from '../../stores/profiles.js';
import { useSchedulesStore } from '../../stores/schedules.js';
import { ScheduleEditor } from './ScheduleEditor.js';
import { ScheduleLedger } from './ScheduleLedger.js';
import { DeleteButton } from './TypedConfirm.js';

type Notice = { type: 'success' | 'error'; text: string };

/** Every schedule with its next and last tick, and the editor, ledger and actions. */
export function SchedulesPage() {
  const { t } = useTranslation('schedules');
  const status = useSchedulesStore((s) => s.status);
  const error = useSchedulesStore((s) => s.error);
  const rows = useSchedulesStore((s) => s.rows);
  const load = useSchedulesStore((s) => s.load);
  const watch = useSchedulesStore((s) => s.watch);
  const setEnabled = useSchedulesStore((s) => s.setEnabled);
  const runNow = useSchedulesStore((s) => s.runNow);
  const remove = useSchedulesStore((s) => s.remove);
  const app = useLiveStore((s) => s.app);
  const [editing, setEditing] = useState<{ schedule: Schedule | null } | null>(null);
  const [ledgerId, setLedgerId] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);

  useEffect(() => {
    void load();
    return watch();
  }, [load, watch]);

  const report = (result: { ok: true } | { ok: false; message: string }, success: string) =>
    setNotice(
      result.ok ? { type: 'success', text: success } : { type: 'error', text: result.message },
    );

  const columns: ColumnsType<ScheduleRow> = [
    {
      title: t('column.id'),
      width: 180,
      render: (_, row) => (
        <Space size={4}>
          <Typography.Link onClick={() => setLedgerId(row.schedule.id)}>
            {row.schedule.id}
          </Typography.Link>
          {row.ownedByRule && (
            <Tooltip title={t('ruleOwnedHint')}>
              <Tag color="purple">{t('ruleOwned')}</Tag>
            </Tooltip>
          )}
        </Space>
      ),
    },
    { title: t('column.name'), width: 180, render: (_, row) => row.schedule.name },
    {
      title: t('column.cron'),
      width: 140,
      render: (_, row) => <Typography.Text code>{row.schedule.cron}</Typography.Text>,
    },
    { title: t('column.tz'), width: 130, render: (_, row) => row.schedule.tz },
    { title: t('column.queue'), width: 140, render: (_, row) => row.schedule.queue },
    { title: t('column.job'), width: 140, render: (_, row) => row.schedule.job },
    {
      title: t('column.enabled'),
      width: 90,
      render: (_, row) => (
        <Switch
          size="small"
          aria-label={t('toggle', { id: row.schedule.id })}
          checked={row.schedule.enabled}
          disabled={row.ownedByRule}
          onChange={async (checked) => {
            const result = await setEnabled(row.schedule.id, checked);
            if (!result.ok) setNotice({ type: 'error', text: result.message });
          }}
        />
      ),
    },
    { title: t('column.next'), width: 170, render: (_, row) => formatTime(row.nextRunMs) },
    {
      title: t('column.last'),
      width: 220,
      render: (_, row) =>
        row.lastTick ? (
          <Space size={4}>
            {formatTime(row.lastTick.tickMs)}
            <Tag>{t(`outcome.${row.lastTick.outcome}`)}</Tag>
          </Space>
        ) : (
          '-'
        ),
    },
    {
      title: t('column.health'),
      width: 170,
      render: (_, row) =>
        row.missed === 0 && row.duplicated === 0 ? (
          <Tag color="success">{t('healthy')}</Tag>
        ) : (
          <Space size={4}>
            {row.missed > 0 && <Tag color="warning">{t('missed', { count: row.missed })}</Tag>}
            {row.duplicated > 0 && (
              <Tag color="error">{t('duplicated', { count: row.duplicated })}</Tag>
            )}
          </Space>
        ),
    },
    {
      title: t('column.actions'),
      width: 230,
      render: (_, row) => {
        const id = row.schedule.id;
        return (
          <Space size={4}>
            <Button
              size="small"
              onClick={async () => {
                const result = await runNow(id);
                setNotice(
                  result.ok
                    ? { type: 'success', text: t('ranNow', { id, jobId: result.value.jobId }) }
                    : { type: 'error', text: result.message },
                );
              }}
            >
              {t('runNow')}
            </Button>
            <Button
              size="small"
              disabled={row.ownedByRule}
              onClick={() => setEditing({ schedule: row.schedule })}
            >
              {t('edit')}
            </Button>
            <DeleteButton
              id={id}
              isTyped={needsConfirmation(app)}
              disabled={row.ownedByRule}
              texts={{
                action: t('delete.action'),
                question: t('delete.question', { id }),
                typePrompt: t('delete.typePrompt'),
                ok: t('delete.ok'),
                cancel: t('delete.cancel'),
              }}
              onDelete={async (confirm) => {
                report(await remove(id, confirm), t('deleted', { id }));
              }}
            />
          </Space>
        );
      },
    },
  ];

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        <Button type="primary" onClick={() => setEditing({ schedule: null })}>
          {t('create')}
        </Button>
        <Button onClick={() => void load()} loading={status === 'loading'}>
          {t('reload')}
        </Button>
      </Space>
      {status === 'error' && <Alert type="error" showIcon title={error} />}
      {notice && (
        <Alert
          type={notice.type}
          showIcon
          closable
          title={notice.text}
          onClose={() => setNotice(null)}
        />
      )}
      <Table<ScheduleRow>
        size="small"
        rowKey={(row) => row.schedule.id}
        virtual
        scroll={{ x: 1800, y: 600 }}
        pagination={false}
        loading={status === 'loading' && rows.length === 0}
        dataSource={rows}
        columns={columns}
      />
      {editing && <ScheduleEditor schedule={editing.schedule} onClose={() => setEditing(null)} />}
      {ledgerId && <ScheduleLedger id={ledgerId} onClose={() => setLedgerId(null)} />}
    </Space>
  );
}
