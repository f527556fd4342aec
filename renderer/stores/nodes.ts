import { create } from 'zustand';
import type { NodeInfo } from '../../shared/api/dto.js';
import { api } from '../api/index.js';
import { settled, type Loadable } from './status.js';

export type NodeRow = NodeInfo & { live: boolean };

interface NodesState extends Loadable {
  nodes: NodeRow[];
  load(): Promise<void>;
  /** Takes the nodes of a live snapshot. */
  receive(nodes: NodeRow[]): void;
}

export const useNodesStore = create<NodesState>()((set) => ({
  nodes: [],
  status: 'idle',
  error: null,
  load: async () => {
    set({ status: 'loading', error: null });
    const result = await api['nodes.list']({});
    set(result.ok ? { nodes: result.value, ...settled(result) } : settled(result));
  },
  receive: (nodes) => set({ nodes, status: 'ready', error: null }),
}));
