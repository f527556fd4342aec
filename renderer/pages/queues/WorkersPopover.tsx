import { Alert, Button, Popover, Spin, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { WorkerInfo } from '../../../shared/api/dto.js';
import { formatDuration } from '../../lib/format.js';
import { useQueuesStore } from '../../stores/queues.js';

/** The worker count; clicking it lists the connections Redis reports for the queue. */
export function WorkersPopover({ queue, count }: { queue: string; count: number }) {
  const { t } = useTranslation('queues');
  const entry = useQueuesStore((state) => state.workers[queue]);
  const loadWorkers = useQueuesStore((state) => state.loadWorkers);

  const content = (
    <div style={{ width: 460 }}>
      {entry?.error && <Alert type="error" showIcon title={entry.error} />}
      <Spin spinning={entry?.status === 'loading'}>
        <Table<WorkerInfo>
          size="small"
          rowKey={(worker) => `${worker.addr}/${worker.name}`}
          pagination={false}
          dataSource={entry?.workers ?? []}
          locale={{ emptyText: t('noWorkers') }}
          scroll={{ y: 240 }}
          columns={[
            { title: t('worker.name'), dataIndex: 'name', ellipsis: true },
            { title: t('worker.addr'), dataIndex: 'addr', ellipsis: true },
            {
              title: t('worker.age'),
              dataIndex: 'ageSec',
              render: (sec: number) => formatDuration(sec * 1_000),
            },
            {
              title: t('worker.idle'),
              dataIndex: 'idleSec',
              render: (sec: number) => formatDuration(sec * 1_000),
            },
          ]}
        />
      </Spin>
    </div>
  );

  return (
    <Popover
      trigger="click"
      title={t('workersOf', { queue })}
      content={content}
      onOpenChange={(isOpen) => {
        if (isOpen) void loadWorkers(queue);
      }}
    >
      <Button size="small" type="link">
        {count}
      </Button>
    </Popover>
  );
}
