import { create } from 'zustand';
import type { AppInfo, LiveSnapshot } from '../../shared/api/dto.js';
import { api, onConnection, onEvent } from '../api/index.js';
import { useJobsStore } from './jobs.js';
import { useNodesStore } from './nodes.js';
import { useQueuesStore } from './queues.js';
import { settled, type Loadable } from './status.js';

/**
 * Reconnects that may fail in a row before the console says the server is gone: with backoff
 * from 250 ms, three take about two seconds, longer than a server restart on the same token.
 */
export const LOST_AFTER_FAILED_RECONNECTS = 3;

/** Whether the browser transport has stopped finding its server (gone, or a new token). */
export function isServerLost(state: { connected: boolean; failedReconnects: number }): boolean {
  return !state.connected && state.failedReconnects >= LOST_AFTER_FAILED_RECONNECTS;
}

interface LiveState extends Loadable {
  app: AppInfo | null;
  snapshot: LiveSnapshot | null;
  /** False while the browser transport reconnects; always true on the desktop. */
  connected: boolean;
  /** Reconnects of the browser transport that failed in a row; 0 once connected. */
  failedReconnects: number;
  /** Counts profile switches, so pages holding per-profile state can start over. */
  profileEpoch: number;
  /** Loads app.info and a first snapshot, then follows pushes; returns the unsubscribe. */
  start(): () => void;
  refresh(): Promise<void>;
  receive(snapshot: LiveSnapshot): void;
}

export const useLiveStore = create<LiveState>()((set, get) => ({
  app: null,
  snapshot: null,
  connected: false,
  failedReconnects: 0,
  profileEpoch: 0,
  status: 'idle',
  error: null,

  start: () => {
    const stops = [
      onEvent('live.snapshot', (snapshot) => get().receive(snapshot)),
      onEvent('profile.switched', (app) => {
        set((state) => ({ app, snapshot: null, profileEpoch: state.profileEpoch + 1 }));
        // Another profile is another Redis: nothing read from the old one may stay on screen.
        useJobsStore.getState().reset();
        useQueuesStore.setState({ queues: [], workers: {}, status: 'idle', error: null });
        useNodesStore.setState({ nodes: [], status: 'idle', error: null });
        void get().refresh();
      }),
      onConnection((connected, failedReconnects) => {
        const wasConnected = get().connected;
        set({ connected, failedReconnects });
        // Pushes are lost while disconnected: read the state again once back.
        if (connected && !wasConnected && get().status !== 'loading') void get().refresh();
      }),
    ];
    if (get().status === 'idle') void get().refresh();
    return () => {
      for (const stop of stops) stop();
    };
  },

  refresh: async () => {
    set({ status: 'loading', error: null });
    const [info, snapshot] = await Promise.all([api['app.info']({}), api['live.snapshot']({})]);
    if (info.ok) set({ app: info.value });
    if (snapshot.ok) get().receive(snapshot.value);
    set(settled(info.ok ? snapshot : info));
  },

  receive: (snapshot) => {
    set({ snapshot });
    useNodesStore.getState().receive(snapshot.nodes);
    useQueuesStore.getState().receive(snapshot.queues);
  },
}));
