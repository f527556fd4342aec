import { Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PauseInfo, QueueSummary } from '../../../shared/api/dto.js';
import { formatTime } from '../../lib/format.js';

/** Who paused and why: the reason cut to two lines (all of it on hover), then who and when. */
function PauseDetails({ pause }: { pause: PauseInfo }) {
  const { t } = useTranslation('queues');
  const reason = pause.reason || t('noReason');

  // Each on its own line: side by side, "…at 11:47" and "resumes by itself…" run together.
  return (
    <>
      <Typography.Paragraph ellipsis={{ rows: 2, tooltip: reason }} style={{ margin: 0 }}>
        {reason}
      </Typography.Paragraph>
      <div>
        <Typography.Text type="secondary">
          {t('pausedBy', { user: pause.by, host: pause.host, time: formatTime(pause.atMs) })}
        </Typography.Text>
      </div>
      {pause.resumeAtMs !== null && (
        <div>
          <Typography.Text type="secondary">
            {t('resumesAt', { time: formatTime(pause.resumeAtMs) })}
          </Typography.Text>
        </div>
      )}
    </>
  );
}

/** Where a queue is paused (everywhere, on which nodes), each with who paused it and why. */
export function PauseCell({ queue }: { queue: QueueSummary }) {
  const { t } = useTranslation('queues');
  if (!queue.paused && queue.pausedOnNodes.length === 0) return null;

  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }}>
      {queue.paused && (
        <Space orientation="vertical" size={0} style={{ width: '100%' }}>
          <Tag color="red">{t('pausedGlobal')}</Tag>
          {queue.pause && <PauseDetails pause={queue.pause} />}
        </Space>
      )}
      {queue.pausedOnNodes.map((node) => {
        const local = queue.localPauses[node];
        return (
          <Space key={node} orientation="vertical" size={0} style={{ width: '100%' }}>
            <Tag color="orange">{t('pausedOn', { node })}</Tag>
            {local && <PauseDetails pause={local} />}
          </Space>
        );
      })}
    </Space>
  );
}
