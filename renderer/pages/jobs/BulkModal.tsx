import { Alert, InputNumber, Modal, Progress, Result, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { confirmationFor, isConfirmed, TypedConfirm } from '../../components/TypedConfirm.js';
import { formatCount } from '../../lib/format.js';
import { useJobsStore, type BulkRun } from '../../stores/jobs.js';
import { useLiveStore } from '../../stores/live.js';

function percentOf(run: BulkRun): number {
  const total = run.progress?.total ?? run.count ?? 0;
  const done = run.progress?.done ?? 0;
  if (total === 0) return run.phase === 'finished' ? 100 : 0;
  return Math.min(100, Math.floor((done / total) * 100));
}

/** Count, confirm, run: a bulk action from `jobs.bulkCount` to its last progress event. */
export function BulkModal() {
  const { t } = useTranslation('jobs');
  const run = useJobsStore((state) => state.bulk);
  const confirmBulk = useJobsStore((state) => state.confirmBulk);
  const closeBulk = useJobsStore((state) => state.closeBulk);
  const profileKind = useLiveStore((state) => state.app?.profile.kind ?? null);
  const [typed, setTyped] = useState('');
  const [graceMinutes, setGraceMinutes] = useState(0);

  if (!run) return null;
  const expected = confirmationFor(profileKind, run.queue);
  const isAsking = run.phase === 'confirming' || run.phase === 'starting';
  const canStart =
    run.phase === 'confirming' &&
    run.count !== null &&
    run.count > 0 &&
    isConfirmed(expected, typed);
  const close = () => {
    setTyped('');
    closeBulk();
  };
  const action = t(`bulk.action.${run.action}`);
  const stateLabel = t(`common:jobState.${run.state}`);

  return (
    <Modal
      open
      title={t('bulk.title', { action, queue: run.queue, state: stateLabel })}
      onCancel={close}
      mask={{ closable: false }}
      okText={isAsking ? action : t('common:action.close')}
      okButtonProps={{
        danger: isAsking,
        disabled: isAsking && !canStart,
        loading: run.phase === 'starting',
      }}
      cancelButtonProps={{ style: isAsking ? undefined : { display: 'none' } }}
      onOk={() => {
        if (!isAsking) close();
        else
          void confirmBulk(
            expected === null ? undefined : typed,
            Math.round(graceMinutes * 60_000),
          );
      }}
    >
      {run.phase === 'counting' && <Spin description={t('bulk.counting')} />}
      {isAsking && run.count !== null && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph data-testid="bulk-count">
            {t('bulk.willTouch', {
              count: run.count,
              formatted: formatCount(run.count),
              action,
              state: stateLabel,
            })}
          </Typography.Paragraph>
          {run.action === 'clean' && (
            <Space>
              <Typography.Text>{t('bulk.graceMinutes')}</Typography.Text>
              <InputNumber
                min={0}
                precision={0}
                value={graceMinutes}
                onChange={(value) => setGraceMinutes(value ?? 0)}
              />
            </Space>
          )}
          {run.count > 0 && <TypedConfirm expected={expected} value={typed} onChange={setTyped} />}
        </Space>
      )}
      {(run.phase === 'running' ||
        run.phase === 'finished' ||
        (run.phase === 'failed' && run.operationId)) && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Progress
            percent={percentOf(run)}
            status={
              run.phase === 'failed' ? 'exception' : run.phase === 'finished' ? 'success' : 'active'
            }
          />
          <Typography.Text data-testid="bulk-progress">
            {t('bulk.progress', {
              done: formatCount(run.progress?.done ?? 0),
              total: formatCount(run.progress?.total ?? run.count ?? 0),
            })}
          </Typography.Text>
        </Space>
      )}
      {run.phase === 'finished' && (
        <Result
          status="success"
          title={t('bulk.finished', { action, done: formatCount(run.progress?.done ?? 0) })}
        />
      )}
      {run.phase === 'failed' && run.error && <Alert type="error" showIcon title={run.error} />}
    </Modal>
  );
}
