import type { Result } from '../../shared/result.js';
import { onEvent } from '../api/index.js';
import type { Status } from './status.js';

/** The list, load, save and remove that every editable area store (schedules, rules...) has. */
export interface CrudState<Row> {
  status: Status;
  error: string | null;
  rows: Row[];
  load(): Promise<void>;
  /** Reloads on `config.changed` for the area and on a profile switch; returns the unsubscribe. */
  watch(): () => void;
  save(draft: Record<string, unknown>, isCreate: boolean): Promise<Result<Row>>;
  remove(id: string, confirm?: string): Promise<Result<{ removed: boolean }>>;
}

export interface CrudOptions<Row> {
  /** The `config.changed` area whose edits elsewhere reload the list. */
  area: 'schedules' | 'rules' | 'channels';
  idOf(row: Row): string;
  list(): Promise<Result<Row[]>>;
  save(draft: Record<string, unknown>, isCreate: boolean): Promise<Result<Row>>;
  remove(request: { id: string; confirm?: string }): Promise<Result<{ removed: boolean }>>;
}

/** Replaces the row with the same id, or appends it. */
export function upsertRow<Row>(rows: Row[], row: Row, idOf: (row: Row) => string): Row[] {
  const at = rows.findIndex((r) => idOf(r) === idOf(row));
  if (at === -1) return [...rows, row];

  return rows.map((r, index) => (index === at ? row : r));
}

/** The CrudState part of an area store, to spread into its zustand creator. */
export function crudSlice<Row>(
  set: (partial: Partial<CrudState<Row>>) => void,
  get: () => CrudState<Row>,
  options: CrudOptions<Row>,
): CrudState<Row> {
  const { area, idOf } = options;

  return {
    status: 'idle',
    error: null,
    rows: [],

    async load() {
      set({ status: 'loading', error: null });
      const result = await options.list();
      if (!result.ok) {
        set({ status: 'error', error: result.message });
        return;
      }

      set({ status: 'ready', rows: result.value });
    },

    watch() {
      const stops = [
        onEvent('config.changed', (changed) => {
          if (changed.area === area) void get().load();
        }),
        // Another profile is another Redis: nothing listed before applies.
        onEvent('profile.switched', () => void get().load()),
      ];
      return () => {
        for (const stop of stops) stop();
      };
    },

    async save(draft, isCreate) {
      const result = await options.save(draft, isCreate);
      if (result.ok) set({ rows: upsertRow(get().rows, result.value, idOf) });

      return result;
    },

    async remove(id, confirm) {
      const result = await options.remove(confirm === undefined ? { id } : { id, confirm });
      if (result.ok) set({ rows: get().rows.filter((r) => idOf(r) !== id) });

      return result;
    },
  };
}
