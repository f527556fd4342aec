import { create } from 'zustand';
import type { ChannelTestResult, ChannelView } from '../../shared/api/dto.js';
import type { Result } from '../../shared/result.js';
import { api, onEvent } from '../api/index.js';
import type { Status } from './status.js';

export interface ChannelsState {
  status: Status;
  error: string | null;
  rows: ChannelView[];
  /** The outcome of the last test notification, by channel id. */
  tests: Record<string, { status: Status; result: ChannelTestResult | null; error: string | null }>;
  load(): Promise<void>;
  /** Reloads on `config.changed` for channels and on a profile switch; returns the unsubscribe. */
  watch(): () => void;
  save(draft: Record<string, unknown>, isCreate: boolean): Promise<Result<ChannelView>>;
  remove(id: string, confirm?: string): Promise<Result<{ removed: boolean }>>;
  sendTest(id: string): Promise<void>;
}

function upsert(rows: ChannelView[], row: ChannelView): ChannelView[] {
  const at = rows.findIndex((r) => r.id === row.id);
  if (at === -1) return [...rows, row];

  return rows.map((r, index) => (index === at ? row : r));
}

export const useChannelsStore = create<ChannelsState>()((set, get) => ({
  status: 'idle',
  error: null,
  rows: [],
  tests: {},

  async load() {
    set({ status: 'loading', error: null });
    const result = await api['channels.list']({});
    if (!result.ok) {
      set({ status: 'error', error: result.message });
      return;
    }

    set({ status: 'ready', rows: result.value });
  },

  watch() {
    const stops = [
      onEvent('config.changed', ({ area }) => {
        if (area === 'channels') void get().load();
      }),
      // Another profile is another Redis: nothing listed before applies.
      onEvent('profile.switched', () => void get().load()),
    ];
    return () => {
      for (const stop of stops) stop();
    };
  },

  async save(draft, isCreate) {
    const result = await api['channels.save']({ channel: draft, create: isCreate });
    if (result.ok) set({ rows: upsert(get().rows, result.value) });

    return result;
  },

  async remove(id, confirm) {
    const result = await api['channels.remove'](confirm === undefined ? { id } : { id, confirm });
    if (result.ok) set({ rows: get().rows.filter((r) => r.id !== id) });

    return result;
  },

  async sendTest(id) {
    set({ tests: { ...get().tests, [id]: { status: 'loading', result: null, error: null } } });
    const result = await api['channels.test']({ id });
    const outcome = result.ok
      ? { status: 'ready' as const, result: result.value, error: null }
      : { status: 'error' as const, result: null, error: result.message };
    set({ tests: { ...get().tests, [id]: outcome } });
  },
}));
