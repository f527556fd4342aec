import { create } from 'zustand';
import type {
  BulkAction,
  BulkProgress,
  JobDetail,
  JobPage,
  JobState,
} from '../../shared/api/dto.js';
import { fail, type Result } from '../../shared/result.js';
import { api, onEvent } from '../api/index.js';
import { settled, type Loadable } from './status.js';

/** A bulk action from its count to its end, as the bulk dialog walks through it. */
export interface BulkRun {
  action: BulkAction;
  queue: string;
  state: JobState;
  phase: 'counting' | 'confirming' | 'starting' | 'running' | 'finished' | 'failed';
  /** How many jobs the action would touch, as `jobs.bulkCount` said. */
  count: number | null;
  operationId: string | null;
  progress: BulkProgress | null;
  error: string | null;
}

interface DetailEntry extends Loadable {
  job: JobDetail | null;
}

interface DataEntry extends Loadable {
  /** The job's data as pretty JSON text, loaded on demand. */
  text: string | null;
}

interface JobsState extends Loadable {
  queue: string | null;
  state: JobState;
  page: number;
  pageSize: number;
  result: JobPage | null;
  openId: string | null;
  detail: DetailEntry;
  data: DataEntry;
  bulk: BulkRun | null;
  /** Progress events that arrived before `jobs.bulk` answered, by operation id. */
  earlyProgress: Record<string, BulkProgress>;

  select(queue: string | null, state: JobState): void;
  setPage(page: number, pageSize: number): Promise<void>;
  load(): Promise<void>;
  openJob(id: string): Promise<void>;
  /** Reads the open job again, keeping what is shown until the answer comes. */
  reloadJob(): Promise<void>;
  closeJob(): void;
  loadData(): Promise<void>;
  retry(id: string): Promise<Result<JobDetail>>;
  promote(id: string): Promise<Result<JobDetail>>;
  remove(id: string, confirm?: string): Promise<Result<{ removed: boolean }>>;
  beginBulk(action: BulkAction): Promise<void>;
  confirmBulk(confirm: string | undefined, graceMs?: number): Promise<void>;
  receiveProgress(progress: BulkProgress): void;
  closeBulk(): void;
  /** Listens for `jobs.bulkProgress`; returns the unsubscribe function. */
  listen(): () => void;
  reset(): void;
}

const EMPTY_DETAIL: DetailEntry = { job: null, status: 'idle', error: null };
const EMPTY_DATA: DataEntry = { text: null, status: 'idle', error: null };
const EARLY_PROGRESS_KEPT = 20;

/** What shows before a queue is picked; the state filter and page size are kept. */
const NO_QUEUE = {
  queue: null,
  page: 0,
  result: null,
  status: 'idle',
  error: null,
  openId: null,
  detail: EMPTY_DETAIL,
  data: EMPTY_DATA,
  bulk: null,
} satisfies Partial<JobsState>;

/** Numbers page loads so an answer that comes back after a newer request is dropped. */
let pageRequest = 0;
let detailRequest = 0;

export const useJobsStore = create<JobsState>()((set, get) => ({
  ...NO_QUEUE,
  state: 'failed',
  pageSize: 50,
  earlyProgress: {},

  select: (queue, state) => {
    const current = get();
    if (current.queue === queue && current.state === state) return;
    set({ queue, state, page: 0, result: null, status: 'idle', error: null });
  },

  setPage: async (page, pageSize) => {
    set({ page, pageSize });
    await get().load();
  },

  load: async () => {
    const { queue, state, page, pageSize } = get();
    if (!queue) return;
    const request = ++pageRequest;
    set({ status: 'loading', error: null });
    const result = await api['jobs.page']({ queue, state, page, pageSize });
    if (request !== pageRequest) return;
    set(result.ok ? { result: result.value, ...settled(result) } : settled(result));
  },

  openJob: async (id) => {
    const { queue } = get();
    if (!queue) return;
    const request = ++detailRequest;
    set({ openId: id, detail: { ...EMPTY_DETAIL, status: 'loading' }, data: EMPTY_DATA });
    const result = await api['jobs.get']({ queue, id });
    if (request !== detailRequest) return;
    set({ detail: { job: result.ok ? result.value : null, ...settled(result) } });
  },

  reloadJob: async () => {
    const { queue, openId } = get();
    if (!queue || !openId) return;
    const request = ++detailRequest;
    const result = await api['jobs.get']({ queue, id: openId });
    if (request !== detailRequest) return;
    set({ detail: { job: result.ok ? result.value : null, ...settled(result) } });
  },

  closeJob: () => {
    detailRequest++;
    set({ openId: null, detail: EMPTY_DETAIL, data: EMPTY_DATA });
  },

  loadData: async () => {
    const { queue, openId } = get();
    if (!queue || !openId) return;
    const request = detailRequest;
    set({ data: { text: null, status: 'loading', error: null } });
    const result = await api['jobs.data']({ queue, id: openId });
    if (request !== detailRequest) return;
    set({ data: { text: result.ok ? result.value : null, ...settled(result) } });
  },

  retry: (id) => runJobAction('jobs.retry', id),
  promote: (id) => runJobAction('jobs.promote', id),
  remove: async (id, confirm) => {
    const { queue } = get();
    if (!queue) return fail('BAD_REQUEST', `jobs.remove needs a queue; none is selected`);
    const result = await api['jobs.remove']({
      queue,
      id,
      ...(confirm === undefined ? {} : { confirm }),
    });
    if (result.ok) {
      if (get().openId === id) get().closeJob();
      void get().load();
    }
    return result;
  },

  beginBulk: async (action) => {
    const { queue, state } = get();
    if (!queue) return;
    const bulk: BulkRun = {
      action,
      queue,
      state,
      phase: 'counting',
      count: null,
      operationId: null,
      progress: null,
      error: null,
    };
    set({ bulk });
    const result = await api['jobs.bulkCount']({ queue, state, action });
    if (get().bulk !== bulk) return;
    set({
      bulk: result.ok
        ? { ...bulk, phase: 'confirming', count: result.value.count }
        : { ...bulk, phase: 'failed', error: result.message },
    });
  },

  confirmBulk: async (confirm, graceMs = 0) => {
    const bulk = get().bulk;
    if (!bulk || bulk.phase !== 'confirming' || bulk.count === null) return;
    const starting: BulkRun = { ...bulk, phase: 'starting' };
    set({ bulk: starting });
    const result = await api['jobs.bulk']({
      queue: bulk.queue,
      state: bulk.state,
      action: bulk.action,
      expected: bulk.count,
      graceMs,
      ...(confirm === undefined ? {} : { confirm }),
    });
    if (get().bulk !== starting) return;
    if (!result.ok) {
      set({ bulk: { ...starting, phase: 'failed', error: result.message } });
      return;
    }
    const { operationId } = result.value;
    const { [operationId]: early, ...rest } = get().earlyProgress;
    set({ bulk: { ...starting, phase: 'running', operationId }, earlyProgress: rest });
    if (early) get().receiveProgress(early);
  },

  receiveProgress: (progress) => {
    const bulk = get().bulk;
    if (!bulk || bulk.operationId !== progress.operationId) {
      // The answer to jobs.bulk may still be on its way: keep the event for it.
      const kept = Object.entries({ ...get().earlyProgress, [progress.operationId]: progress });
      set({ earlyProgress: Object.fromEntries(kept.slice(-EARLY_PROGRESS_KEPT)) });
      return;
    }
    const phase = !progress.finished ? 'running' : progress.error ? 'failed' : 'finished';
    set({ bulk: { ...bulk, progress, phase, error: progress.error } });
    if (progress.finished) void get().load();
  },

  closeBulk: () => set({ bulk: null }),

  listen: () => onEvent('jobs.bulkProgress', (progress) => get().receiveProgress(progress)),

  reset: () => {
    pageRequest++;
    detailRequest++;
    set(NO_QUEUE);
  },
}));

/**
 * Retries or promotes one job; the open job is then read again, so that the drawer shows where
 * the job is now, and the page reloads.
 */
async function runJobAction(
  method: 'jobs.retry' | 'jobs.promote',
  id: string,
): Promise<Result<JobDetail>> {
  const store = useJobsStore.getState();
  if (!store.queue) return fail('BAD_REQUEST', `${method} needs a queue; none is selected`);

  const result = await api[method]({ queue: store.queue, id });
  if (result.ok) {
    if (useJobsStore.getState().openId === id) void useJobsStore.getState().reloadJob();
    void useJobsStore.getState().load();
  }
  return result;
}
