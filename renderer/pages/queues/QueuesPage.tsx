import { Alert, App, Button, Input, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { JOB_STATES, type QueueSummary } from '../../../shared/api/dto.js';
import { formatHash } from '../../app/route.js';
import { SEARCH_ATTRIBUTE } from '../../app/shortcuts.js';
import { formatCount, formatTime } from '../../lib/format.js';
import { useLiveStore } from '../../stores/live.js';
import { useQueuesStore, type PauseRequest, type PauseScope } from '../../stores/queues.js';
import { PauseModal } from './PauseModal.js';
import { WorkersPopover } from './WorkersPopover.js';

/** Above this many rows the table renders only what is on screen. */
const VIRTUAL_FROM_ROWS = 100;

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

  const isVirtual = shown.length > VIRTUAL_FROM_ROWS;

  return (
    <>
      <Typography.Title level={3}>{t('title')}</Typography.Title>
      <Space style={{ marginBottom: 12 }}>
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
      </Space>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Table<QueueSummary>
        size="small"
        rowKey="name"
        dataSource={shown}
        loading={status === 'loading' && queues.length === 0}
        pagination={false}
        virtual={isVirtual}
        scroll={isVirtual ? { y: 600, x: 1500 } : { x: 1500 }}
        columns={[
          { title: t('column.name'), dataIndex: 'name', fixed: 'left', width: 200, ellipsis: true },
          ...JOB_STATES.map((state) => ({
            title: t(`state.${state}`),
            key: state,
            width: 95,
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
            title: t('column.paused'),
            key: 'paused',
            width: 160,
            render: (_, queue) => (
              <Space size={2} wrap>
                {queue.paused && <Tag color="red">{t('pausedGlobal')}</Tag>}
                {queue.pausedOnNodes.map((node) => (
                  <Tag key={node} color="orange">
                    {t('pausedOn', { node })}
                  </Tag>
                ))}
              </Space>
            ),
          },
          {
            title: t('column.pause'),
            key: 'pause',
            width: 280,
            render: (_, queue) =>
              queue.pause && (
                <Space orientation="vertical" size={0}>
                  <Typography.Text>{queue.pause.reason || t('noReason')}</Typography.Text>
                  <Typography.Text type="secondary">
                    {t('pausedBy', {
                      user: queue.pause.by,
                      host: queue.pause.host,
                      time: formatTime(queue.pause.atMs),
                    })}
                  </Typography.Text>
                  {queue.pause.resumeAtMs !== null && (
                    <Typography.Text type="secondary">
                      {t('resumesAt', { time: formatTime(queue.pause.resumeAtMs) })}
                    </Typography.Text>
                  )}
                </Space>
              ),
          },
          {
            title: t('column.workers'),
            key: 'workers',
            width: 90,
            render: (_, queue) => <WorkersPopover queue={queue.name} count={queue.workers} />,
          },
          {
            title: t('column.actions'),
            key: 'actions',
            fixed: 'right',
            width: 200,
            render: (_, queue) => (
              <Tooltip title={isReadOnly ? t('common:readOnlyHint') : undefined}>
                <Space size={4} wrap>
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
