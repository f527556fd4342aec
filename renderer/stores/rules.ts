import { create } from 'zustand';
import type { EvaluationRecord } from '../../shared/alerting/alert.js';
import type { ReplayTimeline, ReplayWindow } from '../../shared/alerting/replay.js';
import type { RuleRow, RuleTestResult, SourceSummary } from '../../shared/api/dto.js';
import { api } from '../api/index.js';
import { crudSlice, type CrudState } from './crud.js';
import { idle, pendingOf, type Pending } from './status.js';

export interface RulesState extends CrudState<RuleRow> {
  /** The sources a Rule can read, for the Rule form. */
  sources: Pending<SourceSummary[]>;
  test: Pending<RuleTestResult>;
  replay: Pending<ReplayTimeline>;
  /** Recent evaluations of the Rule open in the editor, newest first. */
  evaluations: Pending<EvaluationRecord[]> & { id: string };
  loadSources(): Promise<void>;
  runTest(draft: Record<string, unknown>): Promise<void>;
  runReplay(draft: Record<string, unknown>, window: ReplayWindow): Promise<void>;
  loadEvaluations(id: string): Promise<void>;
  /** Forgets the test, replay and evaluations of the Rule that was open. */
  clearResults(): void;
}

export const useRulesStore = create<RulesState>()((set, get) => ({
  ...crudSlice<RuleRow>(set, get, {
    area: 'rules',
    idOf: (row) => row.rule.id,
    list: () => api['rules.list']({}),
    save: (draft, isCreate) => api['rules.save']({ rule: draft, create: isCreate }),
    remove: (request) => api['rules.remove'](request),
  }),
  sources: { ...idle },
  test: { ...idle },
  replay: { ...idle },
  evaluations: { ...idle, id: '' },

  async loadSources() {
    set({ sources: { ...get().sources, status: 'loading', error: null } });
    set({ sources: pendingOf(await api['sources.list']({})) });
  },

  async runTest(draft) {
    set({ test: { status: 'loading', error: null, value: null } });
    set({ test: pendingOf(await api['rules.test']({ rule: draft })) });
  },

  async runReplay(draft, window) {
    set({ replay: { status: 'loading', error: null, value: null } });
    set({ replay: pendingOf(await api['rules.replay']({ rule: draft, window })) });
  },

  async loadEvaluations(id) {
    set({ evaluations: { status: 'loading', error: null, value: null, id } });
    const result = await api['rules.evaluations']({ id, limit: 50 });
    if (get().evaluations.id !== id) return;

    set({ evaluations: { ...pendingOf(result), id } });
  },

  clearResults() {
    set({ test: { ...idle }, replay: { ...idle }, evaluations: { ...idle, id: '' } });
  },
}));
