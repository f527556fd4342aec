import { Alert, Button, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { JobRow } from '../../../shared/api/dto.js';
import { formatCount, formatTime, truncate } from '../../lib/format.js';
import { PAGE_SIZES, useSettingsStore } from '../../stores/settings.js';
import { useJobsStore } from '../../stores/jobs.js';
import { EndEllipsis, LinkButton } from '../../components/LinkButton.js';
import { tableScroll } from '../../lib/table.js';
import { attemptsOf } from './attempts.js';

interface Props {
  onOpen(id: string): void;
  onRetry(id: string): void;
  onPromote(id: string): void;
  onRemove(id: string): void;
  isReadOnly: boolean;
}

/** The raw hash of an unreadable job as `field: value` lines, cut short for a cell. */
export function rawPreview(raw: Record<string, string> | undefined): string {
  if (!raw) return '';
  return Object.entries(raw)
    .map(([field, value]) => `${field}: ${value}`)
    .join(' · ');
}

/** One server page of a state's jobs; the page and its size are the store's. */
export function JobsTable({ onOpen, onRetry, onPromote, onRemove, isReadOnly }: Props) {
  const { t } = useTranslation('jobs');
  const result = useJobsStore((state) => state.result);
  const status = useJobsStore((state) => state.status);
  const error = useJobsStore((state) => state.error);
  const page = useJobsStore((state) => state.page);
  const pageSize = useJobsStore((state) => state.pageSize);
  const jobState = useJobsStore((state) => state.state);
  const setPage = useJobsStore((state) => state.setPage);
  const setPageSize = useSettingsStore((state) => state.setPageSize);
  // Right after the page size shrinks, the rows of the larger page are still here: antd would
  // warn and show a slice of its own choosing. The first rows stand until the page arrives.
  const jobs = (result?.jobs ?? []).slice(0, pageSize);

  return (
    <>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Table<JobRow>
        size="small"
        rowKey="id"
        dataSource={jobs}
        loading={status === 'loading'}
        tableLayout="fixed"
        {...tableScroll(jobs.length, 1000)}
        onRow={(job) => ({ onDoubleClick: () => onOpen(job.id) })}
        pagination={{
          current: page + 1,
          pageSize,
          total: result?.total ?? 0,
          pageSizeOptions: PAGE_SIZES.map(String),
          showSizeChanger: true,
          showTotal: (total) => t('total', { count: total, formatted: formatCount(total) }),
          // A new size is a setting: the page follows it from the first page.
          onChange: (next, size) =>
            size === pageSize ? void setPage(next - 1, size) : setPageSize(size),
        }}
        columns={[
          {
            title: t('column.id'),
            dataIndex: 'id',
            // A tick's id (`tick.<schedule>.<ms>`) in full for schedule ids up to ~12 characters.
            width: 260,
            render: (id: string) => (
              <div className="dipper-id-line">
                <LinkButton title={id} onClick={() => onOpen(id)}>
                  <EndEllipsis text={id} />
                </LinkButton>
                <Typography.Text copyable={{ text: id, tooltips: [t('copyId'), t('copiedId')] }} />
              </div>
            ),
          },
          {
            title: t('column.name'),
            dataIndex: 'name',
            width: 180,
            ellipsis: true,
            render: (name: string, job) =>
              job.readable ? truncate(name, 200) : <Tag color="red">{t('unreadable.tag')}</Tag>,
          },
          {
            title: t('column.created'),
            dataIndex: 'timestampMs',
            width: 170,
            render: (atMs: number | null) => formatTime(atMs),
          },
          {
            title: t('column.attempts'),
            dataIndex: 'attemptsMade',
            width: 90,
            render: (attemptsMade: number) => attemptsOf(jobState, attemptsMade),
          },
          {
            title: jobState === 'failed' ? t('column.failedReason') : t('column.data'),
            key: 'detail',
            ellipsis: true,
            render: (_, job) => {
              const text = !job.readable
                ? rawPreview(job.raw)
                : jobState === 'failed'
                  ? (job.failedReason ?? '')
                  : job.dataPreview;
              return (
                <Tooltip title={truncate(text, 500)}>
                  <Typography.Text type={job.readable ? undefined : 'danger'}>
                    {truncate(text, 200)}
                  </Typography.Text>
                </Tooltip>
              );
            },
          },
          {
            title: t('column.actions'),
            key: 'actions',
            fixed: 'right',
            width: 200,
            render: (_, job) => (
              <Space size={4}>
                {jobState === 'failed' && job.readable && (
                  <Button size="small" disabled={isReadOnly} onClick={() => onRetry(job.id)}>
                    {t('action.retry')}
                  </Button>
                )}
                {jobState === 'delayed' && job.readable && (
                  <Button size="small" disabled={isReadOnly} onClick={() => onPromote(job.id)}>
                    {t('action.promote')}
                  </Button>
                )}
                <Button size="small" danger disabled={isReadOnly} onClick={() => onRemove(job.id)}>
                  {t('action.remove')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
    </>
  );
}
