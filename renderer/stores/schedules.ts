import { create } from 'zustand';
import type { FireTime, ScheduleRow } from '../../shared/api/dto.js';
import type { LedgerReport } from '../../shared/ledger.js';
import type { Result } from '../../shared/result.js';
import type { Schedule } from '../../shared/schedule.js';
import { api } from '../api/index.js';
import { crudSlice, upsertRow, type CrudState } from './crud.js';
import { settled, type Status } from './status.js';

export interface SchedulesState extends CrudState<ScheduleRow> {
  /** The ledger of the schedule open in the detail view. */
  ledger: { id: string; status: Status; error: string | null; report: LedgerReport | null };
  validate(
    draft: Record<string, unknown>,
  ): Promise<Result<{ schedule: Schedule; next: FireTime[] }>>;
  /** Next fire times of a cron alone, for a draft whose other fields are not valid yet. */
  preview(cron: string, tz: string): Promise<Result<FireTime[]>>;
  setEnabled(id: string, enabled: boolean): Promise<Result<ScheduleRow>>;
  runNow(id: string): Promise<Result<{ jobId: string }>>;
  loadLedger(id: string): Promise<void>;
}

const noLedger = { id: '', status: 'idle', error: null, report: null } as const;

const idOf = (row: ScheduleRow) => row.schedule.id;

export const useSchedulesStore = create<SchedulesState>()((set, get) => ({
  ...crudSlice<ScheduleRow>(set, get, {
    area: 'schedules',
    idOf,
    list: () => api['schedules.list']({}),
    save: (draft, isCreate) => api['schedules.save']({ schedule: draft, create: isCreate }),
    remove: (request) => api['schedules.remove'](request),
  }),
  ledger: { ...noLedger },

  validate(draft) {
    return api['schedules.validate']({ schedule: draft });
  },

  preview(cron, tz) {
    return api['schedules.preview']({ cron, tz, count: 5 });
  },

  async setEnabled(id, enabled) {
    const result = await api['schedules.setEnabled']({ id, enabled });
    if (result.ok) set({ rows: upsertRow(get().rows, result.value, idOf) });

    return result;
  },

  runNow(id) {
    return api['schedules.runNow']({ id });
  },

  async loadLedger(id) {
    set({ ledger: { id, status: 'loading', error: null, report: null } });
    const result = await api['schedules.ledger']({ id, limit: 100 });
    if (get().ledger.id !== id) return;

    set({ ledger: { id, report: result.ok ? result.value : null, ...settled(result) } });
  },
}));
