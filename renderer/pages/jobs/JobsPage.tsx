import { Alert, App, Button, Dropdown, Input, Modal, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  BULK_ACTIONS,
  JOB_STATES,
  type BulkAction,
  type JobState,
} from '../../../shared/api/dto.js';
import { useRoute } from '../../app/route.js';
import { SEARCH_ATTRIBUTE } from '../../app/shortcuts.js';
import { confirmationFor, isConfirmed, TypedConfirm } from '../../components/TypedConfirm.js';
import { useJobsStore } from '../../stores/jobs.js';
import { useLiveStore } from '../../stores/live.js';
import { useQueuesStore } from '../../stores/queues.js';
import { useSettingsStore } from '../../stores/settings.js';
import { BulkModal } from './BulkModal.js';
import { JobDrawer } from './JobDrawer.js';
import { JobsTable } from './JobsTable.js';
import { PageTitleRow } from '../../components/ListPageHeader.js';

/** The states each bulk action applies to; the others are offered disabled. */
const BULK_STATES: Record<BulkAction, readonly JobState[]> = {
  retry: ['failed'],
  promote: ['delayed'],
  remove: JOB_STATES,
  clean: ['completed', 'failed', 'delayed', 'waiting', 'paused'],
};

function isJobState(value: string | undefined): value is JobState {
  return (JOB_STATES as readonly string[]).includes(value ?? '');
}

/** Jobs of one queue and state, one server page at a time; `#/jobs/<queue>/<state>/<id>`. */
export function JobsPage() {
  const { t } = useTranslation('jobs');
  const { message } = App.useApp();
  const params = useRoute((state) => state.params);
  const navigate = useRoute((state) => state.navigate);
  const queues = useQueuesStore((state) => state.queues);
  const loadQueues = useQueuesStore((state) => state.load);
  const select = useJobsStore((state) => state.select);
  const setPage = useJobsStore((state) => state.setPage);
  const openJob = useJobsStore((state) => state.openJob);
  const closeJob = useJobsStore((state) => state.closeJob);
  const retry = useJobsStore((state) => state.retry);
  const promote = useJobsStore((state) => state.promote);
  const remove = useJobsStore((state) => state.remove);
  const beginBulk = useJobsStore((state) => state.beginBulk);
  const pageSize = useSettingsStore((state) => state.pageSize);
  const app = useLiveStore((state) => state.app);
  const profileEpoch = useLiveStore((state) => state.profileEpoch);
  const isReadOnly = app?.profile.readOnly ?? false;
  const [removing, setRemoving] = useState<string | null>(null);
  const [typed, setTyped] = useState('');
  const [lookup, setLookup] = useState('');

  const [routeQueue, routeState, routeJob] = params;
  const queue = routeQueue ?? null;
  const jobState: JobState = isJobState(routeState) ? routeState : 'failed';

  useEffect(() => {
    if (queues.length === 0) void loadQueues();
  }, [queues.length, loadQueues]);

  // A profile switch clears the store: the same address then reads the new profile's jobs.
  useEffect(() => {
    select(queue, jobState);
    if (queue) void setPage(0, pageSize);
  }, [queue, jobState, pageSize, profileEpoch, select, setPage]);

  useEffect(() => {
    if (queue && routeJob) void openJob(routeJob);
    else closeJob();
  }, [queue, routeJob, openJob, closeJob]);

  const go = (nextQueue: string | null, nextState: JobState, id?: string) => {
    if (!nextQueue) navigate('jobs');
    else if (id === undefined) navigate('jobs', nextQueue, nextState);
    else navigate('jobs', nextQueue, nextState, id);
  };

  const report = (result: { ok: true } | { ok: false; message: string }, done: string) => {
    if (result.ok) void message.success(done);
    else void message.error(result.message);
  };

  const onRetry = async (id: string) => report(await retry(id), t('done.retried', { id }));
  const onPromote = async (id: string) => report(await promote(id), t('done.promoted', { id }));

  const expected = queue ? confirmationFor(app?.profile.kind ?? null, queue) : null;
  const onRemoveConfirmed = async () => {
    if (removing === null) return;
    const id = removing;
    const result = await remove(id, expected === null ? undefined : typed);
    report(result, t('done.removed', { id }));
    if (result.ok) {
      setRemoving(null);
      setTyped('');
      if (routeJob === id && queue) go(queue, jobState);
    }
  };

  return (
    <>
      <PageTitleRow title={t('title')} style={{ marginBottom: 12 }}>
        {/* Until a queue is picked the lookup waits for it: `/` goes to the picker. */}
        <span {...(queue ? {} : { [SEARCH_ATTRIBUTE]: true })}>
          <Select
            showSearch
            aria-label={t('pickQueue')}
            placeholder={t('pickQueue')}
            style={{ width: 260 }}
            value={queue ?? undefined}
            onChange={(next: string) => go(next, jobState)}
            options={queues.map((summary) => ({ value: summary.name, label: summary.name }))}
            virtual
          />
        </span>
        <Select<JobState>
          aria-label={t('pickState')}
          style={{ width: 160 }}
          value={jobState}
          onChange={(next) => go(queue, next)}
          options={JOB_STATES.map((state) => ({
            value: state,
            label: t(`common:jobState.${state}`),
          }))}
        />
        <Input.Search
          allowClear
          placeholder={t('lookup')}
          aria-label={t('lookup')}
          disabled={!queue}
          value={lookup}
          onChange={(event) => setLookup(event.target.value)}
          onSearch={(id) => {
            const trimmed = id.trim();
            if (trimmed && queue) go(queue, jobState, trimmed);
          }}
          style={{ width: 240 }}
          {...{ [SEARCH_ATTRIBUTE]: true }}
        />
        <Button disabled={!queue} onClick={() => queue && void setPage(0, pageSize)}>
          {t('common:action.refresh')}
        </Button>
        <Dropdown
          disabled={!queue || isReadOnly}
          menu={{
            items: BULK_ACTIONS.map((action) => ({
              key: action,
              label: t(`bulk.menu.${action}`),
              disabled: !BULK_STATES[action].includes(jobState),
            })),
            onClick: ({ key }) => void beginBulk(key as BulkAction),
          }}
        >
          <Button>{t('bulk.button')}</Button>
        </Dropdown>
      </PageTitleRow>
      {isReadOnly && (
        <Alert type="info" showIcon title={t('common:readOnlyHint')} style={{ marginBottom: 12 }} />
      )}
      {queue ? (
        <JobsTable
          isReadOnly={isReadOnly}
          onOpen={(id) => go(queue, jobState, id)}
          onRetry={(id) => void onRetry(id)}
          onPromote={(id) => void onPromote(id)}
          onRemove={setRemoving}
        />
      ) : (
        <Alert type="info" title={t('noQueue')} />
      )}
      <JobDrawer
        isReadOnly={isReadOnly}
        onClose={() => go(queue, jobState)}
        onRetry={(id) => void onRetry(id)}
        onPromote={(id) => void onPromote(id)}
        onRemove={setRemoving}
      />
      <BulkModal />
      <Modal
        open={removing !== null}
        title={t('removeModal.title', { id: removing ?? '' })}
        okText={t('action.remove')}
        okButtonProps={{ danger: true, disabled: !isConfirmed(expected, typed) }}
        onOk={() => void onRemoveConfirmed()}
        onCancel={() => {
          setRemoving(null);
          setTyped('');
        }}
      >
        <Typography.Paragraph>{t('removeModal.body', { queue: queue ?? '' })}</Typography.Paragraph>
        <TypedConfirm expected={expected} value={typed} onChange={setTyped} />
      </Modal>
    </>
  );
}
