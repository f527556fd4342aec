import { Badge, Table, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDuration, formatTime } from '../../lib/format.js';
import { useNodesStore, type NodeRow } from '../../stores/nodes.js';

/** A clock further off than this breaks schedules and alert times: shown in red. */
const CLOCK_OFFSET_WARN_MS = 1_000;

/** `nowMs` is the snapshot's time; without one, last-seen shows as a date. */
export function NodesTable({ nowMs }: { nowMs: number | null }) {
  const { t } = useTranslation('overview');
  const nodes = useNodesStore((state) => state.nodes);

  return (
    <Table<NodeRow>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={nodes}
      scroll={nodes.length > 50 ? { y: 320, x: 900 } : { x: 'max-content' }}
      virtual={nodes.length > 50}
      columns={[
        { title: t('nodes.id'), dataIndex: 'id', width: 200, ellipsis: true },
        { title: t('nodes.host'), dataIndex: 'host', ellipsis: true },
        {
          title: t('nodes.kind'),
          dataIndex: 'kind',
          width: 100,
          render: (kind: NodeRow['kind']) => t(`nodes.kindName.${kind}`),
        },
        {
          title: <Tooltip title={t('nodes.clockOffsetHint')}>{t('nodes.clockOffset')}</Tooltip>,
          dataIndex: 'clockOffsetMs',
          width: 130,
          render: (offsetMs: number) => (
            <Typography.Text
              type={Math.abs(offsetMs) > CLOCK_OFFSET_WARN_MS ? 'danger' : undefined}
            >
              {offsetMs} ms
            </Typography.Text>
          ),
        },
        {
          title: t('nodes.lastSeen'),
          dataIndex: 'lastSeen',
          width: 130,
          render: (lastSeen: number) =>
            nowMs === null
              ? formatTime(lastSeen)
              : t('nodes.ago', { duration: formatDuration(Math.max(0, nowMs - lastSeen)) }),
        },
        {
          title: t('nodes.live'),
          dataIndex: 'live',
          width: 90,
          render: (live: boolean) => (
            <Badge
              status={live ? 'success' : 'default'}
              text={live ? t('nodes.live') : t('nodes.gone')}
            />
          ),
        },
      ]}
    />
  );
}
