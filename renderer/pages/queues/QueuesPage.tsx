import { Alert, App, Button, Input, Space, Table, Tooltip, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { JOB_STATES, type QueueSummary } from '../../../shared/api/dto.js';
import { formatHash } from '../../app/route.js';
import { SEARCH_ATTRIBUTE } from '../../app/shortcuts.js';
import { formatCount } from '../../lib/format.js';
import { tableScroll } from '../../lib/table.js';
import { useLiveStore } from '../../stores/live.js';
import { useQueuesStore, type PauseRequest, type PauseScope } from '../../stores/queues.js';
import { PauseCell } from './PauseCell.js';
import { PauseModal } from './PauseModal.js';
import { WorkersPopover } from './WorkersPopover.js';
import { PageTitleRow } from '../../components/ListPageHeader.js';

export function QueuesPage() {
  const { t } = useTranslation('queues');
  const { message } = App.useApp();
  const queues = useQueuesStore((state) => state.queues);
  const status = useQueuesStore((state) => state.status);
  const error = useQueuesStore((state) => state.error);
  const load = useQueuesStore((state) => state.load);
  const pause = useQueuesStore((state) => state.pause);
  const resume = useQueuesStore((state) => state.resume);
  const isReadOnly = useLiveStore((state) => state.app?.profile.readOnly ?? false);
  const nodeId = useLiveStore((state) => state.app?.nodeId ?? null);
  const [filter, setFilter] = useState('');
  const [pausing, setPausing] = useState<string | null>(null);

  useEffect(() => {
    void load();
  }, [load]);

  const shown = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    return needle ? queues.filter((queue) => queue.name.toLowerCase().includes(needle)) : queues;
  }, [queues, filter]);

  const submitPause = async (request: PauseRequest) => {
    const result = await pause(request);
    if (!result.ok) {
      void message.error(result.message);
      return false;
    }
    void message.success(t('paused', { queue: request.queue }));
    return true;
  };

  const submitResume = async (queue: string, scope: PauseScope) => {
    const result = await resume(queue, scope);
    if (result.ok) void message.success(t('resumed', { queue }));
    else void message.error(result.message);
  };

  return (
    <>
      <PageTitleRow title={t('title')} style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('search')}
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
          style={{ width: 320 }}
          {...{ [SEARCH_ATTRIBUTE]: true }}
        />
        <Button onClick={() => void load()} loading={status === 'loading'}>
          {t('common:action.refresh')}
        </Button>
      </PageTitleRow>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Table<QueueSummary>
        size="small"
        rowKey="name"
        dataSource={shown}
        loading={status === 'loading' && queues.length === 0}
        pagination={false}
        tableLayout="fixed"
        {...tableScroll(shown.length, 1150)}
        columns={[
          {
            title: t('column.name'),
            dataIndex: 'name',
            fixed: 'left',
            width: 170,
            ellipsis: { showTitle: false },
            render: (name: string) => <Tooltip title={name}>{name}</Tooltip>,
          },
          ...JOB_STATES.map((state) => ({
            title: t(`common:jobState.${state}`),
            key: state,
            // Counts are short; the widest header, "Completed", sets its own column.
            width: state === 'completed' ? 96 : 84,
            render: (_: unknown, queue: QueueSummary) => (
              <Typography.Link
                href={formatHash('jobs', queue.name, state)}
                type={state === 'failed' && queue.counts.failed > 0 ? 'danger' : undefined}
              >
                {formatCount(queue.counts[state])}
              </Typography.Link>
            ),
          })),
          {
            title: t('column.workers'),
            key: 'workers',
            width: 84,
            render: (_, queue) => <WorkersPopover queue={queue.name} count={queue.workers} />,
          },
          {
            title: t('column.pause'),
            key: 'pause',
            render: (_, queue) => <PauseCell queue={queue} />,
          },
          {
            title: t('column.actions'),
            key: 'actions',
            fixed: 'right',
            // "Resume on this node" in full.
            width: 180,
            render: (_, queue) => (
              <Tooltip title={isReadOnly ? t('common:readOnlyHint') : undefined}>
                <Space size={4} orientation="vertical">
                  {queue.paused ? (
                    <Button
                      size="small"
                      disabled={isReadOnly}
                      onClick={() => void submitResume(queue.name, 'global')}
                    >
                      {t('resume')}
                    </Button>
                  ) : (
                    <Button
                      size="small"
                      danger
                      disabled={isReadOnly}
                      onClick={() => setPausing(queue.name)}
                    >
                      {t('pause')}
                    </Button>
                  )}
                  {nodeId !== null && queue.pausedOnNodes.includes(nodeId) && (
                    <Button
                      size="small"
                      disabled={isReadOnly}
                      onClick={() => void submitResume(queue.name, 'local')}
                    >
                      {t('resumeHere')}
                    </Button>
                  )}
                </Space>
              </Tooltip>
            ),
          },
        ]}
      />
      {pausing !== null && (
        <PauseModal queue={pausing} onSubmit={submitPause} onClose={() => setPausing(null)} />
      )}
    </>
  );
}
