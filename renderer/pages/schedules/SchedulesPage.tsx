import { Button, Space, Switch, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScheduleRow } from '../../../shared/api/dto.js';
import type { Schedule } from '../../../shared/schedule.js';
import { IdNameCell } from '../../components/IdNameCell.js';
import { CrudPage, useCrudPage } from '../../components/CrudPage.js';
import { formatTime } from '../../lib/format.js';
import { useSchedulesStore } from '../../stores/schedules.js';
import { ScheduleEditor } from './ScheduleEditor.js';
import { ScheduleLedger } from './ScheduleLedger.js';
import { CodeLine } from '../../components/CodeLine.js';

/** Every schedule with its next and last tick, and the editor, ledger and actions. */
export function SchedulesPage() {
  const { t } = useTranslation('schedules');
  const page = useCrudPage<ScheduleRow, Schedule>(useSchedulesStore);
  const { setNotice } = page;
  const setEnabled = useSchedulesStore((s) => s.setEnabled);
  const runNow = useSchedulesStore((s) => s.runNow);
  const [ledgerId, setLedgerId] = useState<string | null>(null);

  // Sized to fit beside the menu at 1366 px; ids, names, queues and jobs give way (ellipsis).
  const columns: ColumnsType<ScheduleRow> = [
    {
      title: t('column.schedule'),
      key: 'schedule',
      width: 240,
      fixed: 'left',
      render: (_, row) => (
        <IdNameCell
          id={row.schedule.id}
          name={row.schedule.name}
          onOpen={() => setLedgerId(row.schedule.id)}
          badge={
            row.ownedByRule && (
              <Tooltip title={t('ruleOwnedHint')}>
                <Tag color="purple">{t('ruleOwned')}</Tag>
              </Tooltip>
            )
          }
        />
      ),
    },
    {
      title: t('column.cron'),
      key: 'cron',
      width: 150,
      render: (_, row) => (
        <Space orientation="vertical" size={0}>
          <CodeLine text={row.schedule.cron} />
          <Typography.Text type="secondary">{row.schedule.tz}</Typography.Text>
        </Space>
      ),
    },
    {
      title: t('column.target'),
      key: 'target',
      width: 140,
      ellipsis: { showTitle: false },
      render: (_, row) => (
        <Tooltip title={`${row.schedule.queue} / ${row.schedule.job}`}>
          <div className="dipper-cell-lines">
            <div>{row.schedule.queue}</div>
            <Typography.Text type="secondary">{row.schedule.job}</Typography.Text>
          </div>
        </Tooltip>
      ),
    },
    {
      title: t('column.enabled'),
      key: 'enabled',
      width: 76,
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
    {
      title: t('column.next'),
      key: 'next',
      width: 160,
      render: (_, row) => formatTime(row.nextRunMs),
    },
    {
      title: t('column.last'),
      key: 'last',
      width: 160,
      // The time on its own line; the outcome and any missed or duplicated ticks under it.
      render: (_, row) => {
        if (!row.lastTick && row.missed === 0 && row.duplicated === 0) return '-';
        return (
          <Space orientation="vertical" size={2}>
            {row.lastTick ? formatTime(row.lastTick.tickMs) : '-'}
            <Space size={[4, 2]} wrap>
              {row.lastTick && <Tag>{t(`outcome.${row.lastTick.outcome}`)}</Tag>}
              {row.missed > 0 && <Tag color="warning">{t('missed', { count: row.missed })}</Tag>}
              {row.duplicated > 0 && (
                <Tag color="error">{t('duplicated', { count: row.duplicated })}</Tag>
              )}
            </Space>
          </Space>
        );
      },
    },
  ];

  return (
    <CrudPage
      page={page}
      namespace="schedules"
      rowKey={(row) => row.schedule.id}
      minWidthPx={1130}
      columns={columns}
      actions={{
        widthPx: 200,
        itemOf: (row) => row.schedule,
        isLocked: (row) => row.ownedByRule,
        deletedText: (id) => t('deleted', { id }),
        before: (row) => (
          <Button
            size="small"
            onClick={async () => {
              const id = row.schedule.id;
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
        ),
      }}
    >
      {page.editing && (
        <ScheduleEditor
          schedule={page.editing.item}
          onClose={page.closeEditor}
          onSaved={(id) => page.setNotice({ type: 'success', text: t('saved', { id }) })}
        />
      )}
      {ledgerId && <ScheduleLedger id={ledgerId} onClose={() => setLedgerId(null)} />}
    </CrudPage>
  );
}
