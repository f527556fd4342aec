import { create } from 'zustand';
import type { AppInfo, ConnectionReport, ProfileSummary } from '../../shared/api/dto.js';
import type { Result } from '../../shared/result.js';
import { api, onEvent } from '../api/index.js';
import { settled, type Status } from './status.js';

export interface ProfilesState {
  status: Status;
  error: string | null;
  rows: ProfileSummary[];
  checks: { status: Status; error: string | null; report: ConnectionReport | null };
  switching: string | null;
  load(): Promise<void>;
  runChecks(): Promise<void>;
  /** Follows switches made elsewhere (the tray, another window); returns the unsubscribe. */
  watch(): () => void;
  save(draft: Record<string, unknown>): Promise<Result<ProfileSummary>>;
  remove(name: string): Promise<Result<{ removed: boolean }>>;
  switchTo(name: string): Promise<Result<AppInfo>>;
}

/**
 * True when destructive actions need the typed confirmation: on any profile but the sandbox,
 * and while the console does not know yet which profile it runs on.
 */
export function needsConfirmation(app: AppInfo | null): boolean {
  return app?.profile.kind !== 'sandbox';
}

function markActive(rows: ProfileSummary[], name: string): ProfileSummary[] {
  return rows.map((r) => ({ ...r, active: r.name === name }));
}

export const useProfilesStore = create<ProfilesState>()((set, get) => ({
  status: 'idle',
  error: null,
  rows: [],
  checks: { status: 'idle', error: null, report: null },
  switching: null,

  async load() {
    set({ status: 'loading', error: null });
    const result = await api['profiles.list']({});
    if (!result.ok) {
      set({ status: 'error', error: result.message });
      return;
    }

    set({ status: 'ready', rows: result.value });
  },

  async runChecks() {
    set({ checks: { status: 'loading', error: null, report: null } });
    const result = await api['profiles.checks']({});
    set({ checks: { report: result.ok ? result.value : null, ...settled(result) } });
  },

  watch() {
    return onEvent('profile.switched', (info) => {
      set({ rows: markActive(get().rows, info.profile.name) });
      void get().runChecks();
    });
  },

  async save(draft) {
    const result = await api['profiles.save']({ profile: draft });
    if (result.ok) void get().load();

    return result;
  },

  async remove(name) {
    const result = await api['profiles.remove']({ name });
    if (result.ok) set({ rows: get().rows.filter((r) => r.name !== name) });

    return result;
  },

  async switchTo(name) {
    set({ switching: name });
    const result = await api['profiles.switch']({ name });
    set({ switching: null });
    if (result.ok) {
      set({ rows: markActive(get().rows, result.value.profile.name) });
      void get().runChecks();
    }

    return result;
  },
}));
