import { create } from 'zustand';
import type { RequestOf } from '../../shared/api/contract.js';
import type { QueueSummary, WorkerInfo } from '../../shared/api/dto.js';
import type { Result } from '../../shared/result.js';
import { api } from '../api/index.js';
import { settled, type Loadable } from './status.js';

export type PauseRequest = RequestOf<'queues.pause'>;
export type PauseScope = 'global' | 'local';

interface WorkersEntry extends Loadable {
  workers: WorkerInfo[];
}

interface QueuesState extends Loadable {
  queues: QueueSummary[];
  /** Worker lists by queue name, loaded when a row is expanded. */
  workers: Record<string, WorkersEntry>;
  load(): Promise<void>;
  /** Takes the queues of a live snapshot. */
  receive(queues: QueueSummary[]): void;
  pause(request: PauseRequest): Promise<Result<QueueSummary>>;
  resume(queue: string, scope: PauseScope): Promise<Result<QueueSummary>>;
  loadWorkers(queue: string): Promise<void>;
}

function replaceQueue(queues: QueueSummary[], next: QueueSummary): QueueSummary[] {
  const index = queues.findIndex((queue) => queue.name === next.name);
  if (index === -1) return [...queues, next];
  return queues.map((queue, i) => (i === index ? next : queue));
}

export const useQueuesStore = create<QueuesState>()((set) => ({
  queues: [],
  workers: {},
  status: 'idle',
  error: null,
  load: async () => {
    set({ status: 'loading', error: null });
    const result = await api['queues.list']({});
    set(result.ok ? { queues: result.value, ...settled(result) } : settled(result));
  },
  receive: (queues) => set({ queues, status: 'ready', error: null }),
  pause: async (request) => {
    const result = await api['queues.pause'](request);
    if (result.ok) set((state) => ({ queues: replaceQueue(state.queues, result.value) }));
    return result;
  },
  resume: async (queue, scope) => {
    const result = await api['queues.resume']({ queue, scope });
    if (result.ok) set((state) => ({ queues: replaceQueue(state.queues, result.value) }));
    return result;
  },
  loadWorkers: async (queue) => {
    set((state) => ({
      workers: {
        ...state.workers,
        [queue]: { workers: state.workers[queue]?.workers ?? [], status: 'loading', error: null },
      },
    }));
    const result = await api['queues.workers']({ queue });
    set((state) => ({
      workers: {
        ...state.workers,
        [queue]: {
          workers: result.ok ? result.value : (state.workers[queue]?.workers ?? []),
          ...settled(result),
        },
      },
    }));
  },
}));
