import { Table, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { JobState, QueueSummary } from '../../../shared/api/dto.js';
import { formatHash } from '../../app/route.js';
import { formatCount } from '../../lib/format.js';
import { useQueuesStore } from '../../stores/queues.js';

function countLink(queue: string, state: JobState, count: number, isDanger = false) {
  return (
    <Typography.Link
      href={formatHash('jobs', queue, state)}
      type={isDanger && count > 0 ? 'danger' : undefined}
    >
      {formatCount(count)}
    </Typography.Link>
  );
}

export function QueuesGlance() {
  const { t } = useTranslation('overview');
  const queues = useQueuesStore((state) => state.queues);

  return (
    <Table<QueueSummary>
      size="small"
      rowKey="name"
      pagination={false}
      dataSource={queues}
      virtual={queues.length > 50}
      scroll={queues.length > 50 ? { y: 320 } : undefined}
      columns={[
        {
          title: t('queues.name'),
          dataIndex: 'name',
          ellipsis: { showTitle: false },
          render: (name: string, queue) => (
            <Tooltip title={name}>
              <span>
                <Typography.Text>{name}</Typography.Text>{' '}
                {(queue.paused || queue.pausedOnNodes.length > 0) && (
                  <Tag color="orange">{t('queues.paused')}</Tag>
                )}
              </span>
            </Tooltip>
          ),
        },
        {
          title: t('queues.waiting'),
          width: 84,
          render: (_, queue) => countLink(queue.name, 'waiting', queue.counts.waiting),
        },
        {
          title: t('queues.active'),
          width: 84,
          render: (_, queue) => countLink(queue.name, 'active', queue.counts.active),
        },
        {
          title: t('queues.delayed'),
          width: 84,
          render: (_, queue) => countLink(queue.name, 'delayed', queue.counts.delayed),
        },
        {
          title: t('queues.failed'),
          width: 84,
          render: (_, queue) => countLink(queue.name, 'failed', queue.counts.failed, true),
        },
        { title: t('queues.workers'), dataIndex: 'workers', width: 90 },
      ]}
    />
  );
}
