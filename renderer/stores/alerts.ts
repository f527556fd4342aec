import { create } from 'zustand';
import type { AlertInstance } from '../../shared/alerting/alert.js';
import type { HistoryEntry, HistoryQuery } from '../../shared/alerting/history.js';
import type { LabelMatcher } from '../../shared/alerting/matchers.js';
import type { ResponseOf } from '../../shared/api/contract.js';
import type { Result } from '../../shared/result.js';
import { api, onEvent } from '../api/index.js';
import type { Status } from './status.js';

export type SilenceRow = ResponseOf<'silences.list'>[number];

/** A history query without its cursor: the filters a person set. */
export type HistoryFilter = Omit<HistoryQuery, 'before'>;

export interface SilenceDraft {
  matchers: LabelMatcher[];
  endsAtMs: number;
  comment: string;
}

export interface AlertsState {
  status: Status;
  error: string | null;
  active: AlertInstance[];
  silences: { status: Status; error: string | null; rows: SilenceRow[] };
  history: {
    status: Status;
    error: string | null;
    filter: HistoryFilter | null;
    entries: HistoryEntry[];
    /** The cursor of the next (older) page; null when there is none. */
    next: string | null;
  };
  load(): Promise<void>;
  loadSilences(): Promise<void>;
  /** Reloads on `config.changed` for silences and Rules and on a profile switch. */
  watch(): () => void;
  ack(alert: AlertInstance, comment: string): Promise<Result<AlertInstance>>;
  createSilence(draft: SilenceDraft): Promise<Result<{ id: string }>>;
  removeSilence(id: string): Promise<Result<{ removed: boolean }>>;
  /** Runs a new history query: its first page replaces what was shown. */
  queryHistory(filter: HistoryFilter): Promise<void>;
  /** Appends the next (older) page of the current history query. */
  moreHistory(): Promise<void>;
}

const sameAlert = (a: AlertInstance, b: AlertInstance) =>
  a.ruleId === b.ruleId && a.seriesKey === b.seriesKey;

export const useAlertsStore = create<AlertsState>()((set, get) => {
  /** Reads the page after `before` and shows it after `kept`, unless the filter changed. */
  async function readHistoryPage(filter: HistoryFilter, kept: HistoryEntry[], before?: string) {
    const result = await api['alerts.history'](
      before === undefined ? filter : { ...filter, before },
    );
    const shown = get().history;
    if (shown.filter !== filter) return;

    set({
      history: result.ok
        ? {
            ...shown,
            status: 'ready',
            error: null,
            entries: [...kept, ...result.value.entries],
            next: result.value.next,
          }
        : { ...shown, status: 'error', error: result.message },
    });
  }

  return {
    status: 'idle',
    error: null,
    active: [],
    silences: { status: 'idle', error: null, rows: [] },
    history: { status: 'idle', error: null, filter: null, entries: [], next: null },

    async load() {
      set({ status: 'loading', error: null });
      const result = await api['alerts.active']({});
      if (!result.ok) {
        set({ status: 'error', error: result.message });
        return;
      }

      set({ status: 'ready', active: result.value });
    },

    async loadSilences() {
      set({ silences: { ...get().silences, status: 'loading', error: null } });
      const result = await api['silences.list']({});
      set({
        silences: result.ok
          ? { status: 'ready', error: null, rows: result.value }
          : { ...get().silences, status: 'error', error: result.message },
      });
    },

    watch() {
      const stops = [
        onEvent('config.changed', ({ area }) => {
          if (area === 'silences') void get().loadSilences();
          if (area === 'rules') void get().load();
        }),
        onEvent('profile.switched', () => {
          set({ history: { status: 'idle', error: null, filter: null, entries: [], next: null } });
          void get().load();
          void get().loadSilences();
        }),
      ];
      return () => {
        for (const stop of stops) stop();
      };
    },

    async ack(alert, comment) {
      const request = { ruleId: alert.ruleId, seriesKey: alert.seriesKey, comment };
      const result = await api['alerts.ack'](request);
      if (result.ok) {
        const acked = result.value;
        set({ active: get().active.map((a) => (sameAlert(a, acked) ? acked : a)) });
      }

      return result;
    },

    async createSilence(draft) {
      const result = await api['silences.create'](draft);
      if (result.ok) void get().loadSilences();

      return result;
    },

    async removeSilence(id) {
      const result = await api['silences.remove']({ id });
      if (result.ok) {
        const rows = get().silences.rows.filter((s) => s.id !== id);
        set({ silences: { ...get().silences, rows } });
      }

      return result;
    },

    async queryHistory(filter) {
      set({ history: { status: 'loading', error: null, filter, entries: [], next: null } });
      await readHistoryPage(filter, []);
    },

    async moreHistory() {
      const { filter, next, entries } = get().history;
      if (!filter || !next) return;

      set({ history: { ...get().history, status: 'loading' } });
      await readHistoryPage(filter, entries, next);
    },
  };
});
