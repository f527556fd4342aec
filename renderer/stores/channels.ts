import { create } from 'zustand';
import type { ChannelTestResult, ChannelView } from '../../shared/api/dto.js';
import { api } from '../api/index.js';
import { crudSlice, type CrudState } from './crud.js';
import { settled, type Status } from './status.js';

export interface ChannelsState extends CrudState<ChannelView> {
  /** The outcome of the last test notification, by channel id. */
  tests: Record<string, { status: Status; result: ChannelTestResult | null; error: string | null }>;
  sendTest(id: string): Promise<void>;
}

export const useChannelsStore = create<ChannelsState>()((set, get) => ({
  ...crudSlice<ChannelView>(set, get, {
    area: 'channels',
    idOf: (row) => row.id,
    list: () => api['channels.list']({}),
    save: (draft, isCreate) => api['channels.save']({ channel: draft, create: isCreate }),
    remove: (request) => api['channels.remove'](request),
  }),
  tests: {},

  async sendTest(id) {
    set({ tests: { ...get().tests, [id]: { status: 'loading', result: null, error: null } } });
    const result = await api['channels.test']({ id });
    const outcome = { result: result.ok ? result.value : null, ...settled(result) };
    set({ tests: { ...get().tests, [id]: outcome } });
  },
}));
