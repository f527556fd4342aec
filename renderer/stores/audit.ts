import { create } from 'zustand';
import type { AuditEntry } from '../../shared/api/dto.js';
import { api, onEvent } from '../api/index.js';
import type { Status } from './status.js';

/** Entries one page asks for. */
export const AUDIT_PAGE_SIZE = 200;

export interface AuditState {
  status: Status;
  error: string | null;
  /** Newest first. */
  entries: AuditEntry[];
  /** False once a page came back shorter than asked: the log has nothing older. */
  hasMore: boolean;
  load(): Promise<void>;
  /** Appends the page of entries older than the last one shown. */
  more(): Promise<void>;
  /** Prepends entries as nodes append them, reloads on a profile switch; returns the unsubscribe. */
  watch(): () => void;
}

export const useAuditStore = create<AuditState>()((set, get) => ({
  status: 'idle',
  error: null,
  entries: [],
  hasMore: false,

  async load() {
    set({ status: 'loading', error: null });
    const result = await api['audit.list']({ limit: AUDIT_PAGE_SIZE });
    if (!result.ok) {
      set({ status: 'error', error: result.message });
      return;
    }

    set({
      status: 'ready',
      entries: result.value,
      hasMore: result.value.length === AUDIT_PAGE_SIZE,
    });
  },

  async more() {
    const last = get().entries.at(-1);
    if (!last || !get().hasMore || get().status === 'loading') return;

    set({ status: 'loading', error: null });
    const result = await api['audit.list']({ limit: AUDIT_PAGE_SIZE, before: last.id });
    if (!result.ok) {
      set({ status: 'error', error: result.message });
      return;
    }

    set({
      status: 'ready',
      entries: [...get().entries, ...result.value],
      hasMore: result.value.length === AUDIT_PAGE_SIZE,
    });
  },

  watch() {
    const stops = [
      onEvent('audit.appended', (entry) => {
        const entries = get().entries;
        if (entries.some((e) => e.id === entry.id)) return;

        set({ entries: [entry, ...entries] });
      }),
      onEvent('profile.switched', () => void get().load()),
    ];
    return () => {
      for (const stop of stops) stop();
    };
  },
}));
