import { create } from 'zustand';
import type { FireTime, ScheduleRow } from '../../shared/api/dto.js';
import type { LedgerReport } from '../../shared/ledger.js';
import type { Result } from '../../shared/result.js';
import type { Schedule } from '../../shared/schedule.js';
import { api, onEvent } from '../api/index.js';

import type { Status } from './status.js';

export interface SchedulesState {
  status: Status;
  error: string | null;
  rows: ScheduleRow[];
  /** The ledger of the schedule open in the detail view. */
  ledger: { id: string; status: Status; error: string | null; report: LedgerReport | null };
  load(): Promise<void>;
  /** Reloads on `config.changed` for schedules and on a profile switch; returns the unsubscribe. */
  watch(): () => void;
  validate(
    draft: Record<string, unknown>,
  ): Promise<Result<{ schedule: Schedule; next: FireTime[] }>>;
  /** Next fire times of a cron alone, for a draft whose other fields are not valid yet. */
  preview(cron: string, tz: string): Promise<Result<FireTime[]>>;
  save(draft: Record<string, unknown>, isCreate: boolean): Promise<Result<ScheduleRow>>;
  setEnabled(id: string, enabled: boolean): Promise<Result<ScheduleRow>>;
  runNow(id: string): Promise<Result<{ jobId: string }>>;
  remove(id: string, confirm?: string): Promise<Result<{ removed: boolean }>>;
  loadLedger(id: string): Promise<void>;
}

const noLedger = { id: '', status: 'idle', error: null, report: null } as const;

/** Replaces the row of the same schedule id, or appends it. */
function upsert(rows: ScheduleRow[], row: ScheduleRow): ScheduleRow[] {
  const at = rows.findIndex((r) => r.schedule.id === row.schedule.id);
  if (at === -1) return [...rows, row];

  return rows.map((r, index) => (index === at ? row : r));
}

export const useSchedulesStore = create<SchedulesState>()((set, get) => ({
  status: 'idle',
  error: null,
  rows: [],
  ledger: { ...noLedger },

  async load() {
    set({ status: 'loading', error: null });
    const result = await api['schedules.list']({});
    if (!result.ok) {
      set({ status: 'error', error: result.message });
      return;
    }

    set({ status: 'ready', rows: result.value });
  },

  watch() {
    const stops = [
      onEvent('config.changed', ({ area }) => {
        if (area === 'schedules') void get().load();
      }),
      // Another profile is another Redis: nothing listed before applies.
      onEvent('profile.switched', () => void get().load()),
    ];
    return () => {
      for (const stop of stops) stop();
    };
  },

  validate(draft) {
    return api['schedules.validate']({ schedule: draft });
  },

  preview(cron, tz) {
    return api['schedules.preview']({ cron, tz, count: 5 });
  },

  async save(draft, isCreate) {
    const result = await api['schedules.save']({ schedule: draft, create: isCreate });
    if (result.ok) set({ rows: upsert(get().rows, result.value) });

    return result;
  },

  async setEnabled(id, enabled) {
    const result = await api['schedules.setEnabled']({ id, enabled });
    if (result.ok) set({ rows: upsert(get().rows, result.value) });

    return result;
  },

  runNow(id) {
    return api['schedules.runNow']({ id });
  },

  async remove(id, confirm) {
    const result = await api['schedules.remove'](confirm === undefined ? { id } : { id, confirm });
    if (result.ok) set({ rows: get().rows.filter((r) => r.schedule.id !== id) });

    return result;
  },

  async loadLedger(id) {
    set({ ledger: { id, status: 'loading', error: null, report: null } });
    const result = await api['schedules.ledger']({ id, limit: 100 });
    if (get().ledger.id !== id) return;

    set({
      ledger: result.ok
        ? { id, status: 'ready', error: null, report: result.value }
        : { id, status: 'error', error: result.message, report: null },
    });
  },
}));
