import { beforeEach, describe, expect, it } from 'vitest';
import type { BulkProgress, JobPage } from '../../shared/api/dto.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { useJobsStore } from '../../renderer/stores/jobs.js';
import { jobDetail, jobPage, jobRow } from './fixtures.js';
import { installMockApi, type MockTransport } from './mock-api.js';

let mock: MockTransport;

beforeEach(() => {
  mock = installMockApi();
  useJobsStore.setState(useJobsStore.getInitialState(), true);
});

function progress(overrides: Partial<BulkProgress> = {}): BulkProgress {
  return {
    operationId: 'op-1',
    queue: 'emails',
    state: 'failed',
    action: 'retry',
    done: 0,
    total: 300,
    finished: false,
    error: null,
    ...overrides,
  };
}

describe('jobs store', () => {
  it('asks main for one page of the selected queue and state', async () => {
    mock.api['jobs.page'].mockResolvedValue(ok(jobPage([jobRow()], { total: 7_001, page: 2 })));
    useJobsStore.getState().select('emails', 'failed');

    await useJobsStore.getState().setPage(2, 100);

    expect(mock.api['jobs.page']).toHaveBeenCalledWith({
      queue: 'emails',
      state: 'failed',
      page: 2,
      pageSize: 100,
    });
    expect(useJobsStore.getState().result?.total).toBe(7_001);
    expect(useJobsStore.getState().status).toBe('ready');
  });

  it('drops a page that answers after a newer request', async () => {
    let answerFirst: (result: Result<JobPage>) => void = () => undefined;
    mock.api['jobs.page']
      .mockReturnValueOnce(new Promise((resolve) => (answerFirst = resolve)))
      .mockResolvedValueOnce(ok(jobPage([jobRow({ id: 'new' })], { state: 'delayed' })));
    useJobsStore.getState().select('emails', 'failed');
    const first = useJobsStore.getState().load();
    useJobsStore.getState().select('emails', 'delayed');
    await useJobsStore.getState().load();

    answerFirst(ok(jobPage([jobRow({ id: 'old' })])));
    await first;

    expect(useJobsStore.getState().result?.jobs.map((job) => job.id)).toEqual(['new']);
  });

  it('loads the data of the open job only when asked', async () => {
    mock.api['jobs.get'].mockResolvedValue(ok(jobDetail({ id: '42' })));
    mock.api['jobs.data'].mockResolvedValue(ok('{\n  "to": "a@example.com"\n}'));
    useJobsStore.getState().select('emails', 'failed');

    await useJobsStore.getState().openJob('42');
    expect(mock.api['jobs.data']).not.toHaveBeenCalled();
    await useJobsStore.getState().loadData();

    expect(mock.api['jobs.data']).toHaveBeenCalledWith({ queue: 'emails', id: '42' });
    expect(useJobsStore.getState().data.text).toBe('{\n  "to": "a@example.com"\n}');
  });

  describe('when a bulk action runs', () => {
    beforeEach(() => {
      useJobsStore.getState().select('emails', 'failed');
      mock.api['jobs.page'].mockResolvedValue(ok(jobPage([])));
      mock.api['jobs.bulkCount'].mockResolvedValue(ok({ count: 300 }));
      mock.api['jobs.bulk'].mockResolvedValue(ok({ operationId: 'op-1' }));
    });

    it('sends the confirmed count as the most it may touch', async () => {
      await useJobsStore.getState().beginBulk('retry');
      expect(useJobsStore.getState().bulk).toMatchObject({ phase: 'confirming', count: 300 });

      await useJobsStore.getState().confirmBulk('emails');

      expect(mock.api['jobs.bulk']).toHaveBeenCalledWith({
        queue: 'emails',
        state: 'failed',
        action: 'retry',
        expected: 300,
        graceMs: 0,
        confirm: 'emails',
      });
      expect(useJobsStore.getState().bulk).toMatchObject({
        phase: 'running',
        operationId: 'op-1',
      });
    });

    it('follows progress events of its operation to the end', async () => {
      const stop = useJobsStore.getState().listen();
      await useJobsStore.getState().beginBulk('retry');
      await useJobsStore.getState().confirmBulk(undefined);

      mock.emit('jobs.bulkProgress', progress({ operationId: 'someone-else', done: 5 }));
      mock.emit('jobs.bulkProgress', progress({ done: 120 }));
      expect(useJobsStore.getState().bulk?.progress?.done).toBe(120);

      mock.emit('jobs.bulkProgress', progress({ done: 300, finished: true }));
      expect(useJobsStore.getState().bulk?.phase).toBe('finished');
      stop();
      expect(mock.listenerCount('jobs.bulkProgress')).toBe(0);
    });

    it('keeps progress that arrives before jobs.bulk answers', async () => {
      let answer: (result: Result<{ operationId: string }>) => void = () => undefined;
      mock.api['jobs.bulk'].mockReturnValue(new Promise((resolve) => (answer = resolve)));
      await useJobsStore.getState().beginBulk('retry');
      const confirmed = useJobsStore.getState().confirmBulk(undefined);

      useJobsStore.getState().receiveProgress(progress({ done: 300, finished: true }));
      answer(ok({ operationId: 'op-1' }));
      await confirmed;

      expect(useJobsStore.getState().bulk).toMatchObject({ phase: 'finished' });
      expect(useJobsStore.getState().bulk?.progress?.done).toBe(300);
    });

    it('shows why main refused to start it', async () => {
      mock.api['jobs.bulk'].mockResolvedValue(
        fail('FORBIDDEN', 'jobs.bulk on shared profile "prod" needs confirm: "emails"'),
      );
      await useJobsStore.getState().beginBulk('retry');

      await useJobsStore.getState().confirmBulk('email');

      expect(useJobsStore.getState().bulk).toMatchObject({
        phase: 'failed',
        error: 'jobs.bulk on shared profile "prod" needs confirm: "emails"',
      });
    });
  });
});
