import {
  Alert,
  Button,
  Collapse,
  Descriptions,
  Drawer,
  Progress,
  Space,
  Spin,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import type { JobDetail } from '../../../shared/api/dto.js';
import { formatDuration, formatTime } from '../../lib/format.js';
import { useJobsStore } from '../../stores/jobs.js';
import { JobData } from './JobData.js';
import { attemptsOf } from './attempts.js';

interface Props {
  onClose(): void;
  onRetry(id: string): void;
  onPromote(id: string): void;
  onRemove(id: string): void;
  isReadOnly: boolean;
}

function Pre({ text }: { text: string }) {
  return <pre className="dipper-pre">{text}</pre>;
}

function ProgressView({ progress }: { progress: JobDetail['progress'] }) {
  if (typeof progress === 'number') {
    return <Progress percent={Math.max(0, Math.min(100, Math.round(progress)))} size="small" />;
  }
  return <>{progress === null ? '-' : progress}</>;
}

/** What Redis holds for a job whose hash could not be parsed, field by field, as text. */
function UnreadableJob({
  job,
  onRemove,
  isReadOnly,
}: { job: JobDetail } & Pick<Props, 'onRemove' | 'isReadOnly'>) {
  const { t } = useTranslation('jobs');
  const raw = job.raw ?? {};

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Alert
        type="warning"
        showIcon
        title={t('unreadable.title')}
        description={t('unreadable.hint')}
      />
      <Descriptions size="small" column={1} bordered>
        {Object.entries(raw).map(([field, value]) => (
          <Descriptions.Item key={field} label={field}>
            <Pre text={value} />
          </Descriptions.Item>
        ))}
      </Descriptions>
      <Button danger disabled={isReadOnly} onClick={() => onRemove(job.id)}>
        {t('unreadable.delete')}
      </Button>
    </Space>
  );
}

function ReadableJob({ job }: { job: JobDetail }) {
  const { t } = useTranslation('jobs');
  const items = [
    {
      key: 'data',
      label: t('detail.data'),
      children: <JobData dataBytes={job.dataBytes} />,
    },
    {
      key: 'opts',
      label: t('detail.options'),
      children: <Pre text={JSON.stringify(job.opts, null, 2)} />,
    },
    ...(job.failedReason !== null || job.stacktrace.length > 0
      ? [
          {
            key: 'failure',
            label: t('detail.failure'),
            children: (
              <Space orientation="vertical" style={{ width: '100%' }}>
                {job.failedReason !== null && <Pre text={job.failedReason} />}
                {job.stacktrace.map((trace, index) => (
                  <div key={index}>
                    <Typography.Text type="secondary">
                      {t('detail.attempt', { n: index + 1 })}
                    </Typography.Text>
                    <Pre text={trace} />
                  </div>
                ))}
              </Space>
            ),
          },
        ]
      : []),
    ...(job.returnValue !== null
      ? [
          {
            key: 'return',
            label: t('detail.returnValue'),
            children: <Pre text={job.returnValue} />,
          },
        ]
      : []),
    {
      key: 'logs',
      label: t('detail.logs', { count: job.logs.length }),
      children:
        job.logs.length === 0 ? (
          <Typography.Text type="secondary">{t('detail.noLogs')}</Typography.Text>
        ) : (
          <Pre text={job.logs.join('\n')} />
        ),
    },
    {
      key: 'timeline',
      label: t('detail.timeline'),
      children: (
        <Timeline
          items={job.timeline.map((moment) => ({
            title: formatTime(moment.atMs),
            content: moment.event,
          }))}
        />
      ),
    },
  ];

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label={t('detail.name')} span={2}>
          {job.name}
        </Descriptions.Item>
        <Descriptions.Item label={t('detail.state')}>
          <Tag>{job.state}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('detail.attempts')}>
          {attemptsOf(job.state, job.attemptsMade)}
        </Descriptions.Item>
        <Descriptions.Item label={t('detail.created')}>
          {formatTime(job.timestampMs)}
        </Descriptions.Item>
        <Descriptions.Item label={t('detail.delay')}>
          {job.delayMs > 0 ? formatDuration(job.delayMs) : '-'}
        </Descriptions.Item>
        <Descriptions.Item label={t('detail.processed')}>
          {formatTime(job.processedOnMs)}
        </Descriptions.Item>
        <Descriptions.Item label={t('detail.finished')}>
          {formatTime(job.finishedOnMs)}
        </Descriptions.Item>
        <Descriptions.Item label={t('detail.progress')} span={2}>
          <ProgressView progress={job.progress} />
        </Descriptions.Item>
      </Descriptions>
      <Collapse size="small" defaultActiveKey={['failure']} items={items} />
    </Space>
  );
}

/** One job in full, opened from the table or a `#/jobs/<queue>/<state>/<id>` link. */
export function JobDrawer({ onClose, onRetry, onPromote, onRemove, isReadOnly }: Props) {
  const { t } = useTranslation('jobs');
  const openId = useJobsStore((state) => state.openId);
  const detail = useJobsStore((state) => state.detail);
  const job = detail.job;
  const isReadable = job?.readable ?? false;

  return (
    <Drawer
      open={openId !== null}
      onClose={onClose}
      size={720}
      title={t('detail.title', { id: openId ?? '' })}
      extra={
        job &&
        isReadable && (
          <Space>
            {job.state === 'failed' && (
              <Button disabled={isReadOnly} onClick={() => onRetry(job.id)}>
                {t('action.retry')}
              </Button>
            )}
            {job.state === 'delayed' && (
              <Button disabled={isReadOnly} onClick={() => onPromote(job.id)}>
                {t('action.promote')}
              </Button>
            )}
            <Button danger disabled={isReadOnly} onClick={() => onRemove(job.id)}>
              {t('action.remove')}
            </Button>
          </Space>
        )
      }
    >
      {detail.status === 'loading' && <Spin />}
      {detail.error && <Alert type="error" showIcon title={detail.error} />}
      {job &&
        (isReadable ? (
          <ReadableJob job={job} />
        ) : (
          <UnreadableJob job={job} onRemove={onRemove} isReadOnly={isReadOnly} />
        ))}
    </Drawer>
  );
}
