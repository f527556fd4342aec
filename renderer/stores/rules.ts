import { create } from 'zustand';
import type { EvaluationRecord } from '../../shared/alerting/alert.js';
import type { ReplayTimeline, ReplayWindow } from '../../shared/alerting/replay.js';
import type { RuleRow, RuleTestResult, SourceSummary } from '../../shared/api/dto.js';
import type { Result } from '../../shared/result.js';
import { api, onEvent } from '../api/index.js';
import type { Status } from './status.js';

/** A request in flight or done, with its value or its failure message. */
export interface Pending<T> {
  status: Status;
  error: string | null;
  value: T | null;
}

const idle = { status: 'idle', error: null, value: null } as const;

function settled<T>(result: Result<T>): Pending<T> {
  return result.ok
    ? { status: 'ready', error: null, value: result.value }
    : { status: 'error', error: result.message, value: null };
}

export interface RulesState {
  status: Status;
  error: string | null;
  rows: RuleRow[];
  /** The sources a Rule can read, for the Rule form. */
  sources: Pending<SourceSummary[]>;
  test: Pending<RuleTestResult>;
  replay: Pending<ReplayTimeline>;
  /** Recent evaluations of the Rule open in the editor, newest first. */
  evaluations: Pending<EvaluationRecord[]> & { id: string };
  load(): Promise<void>;
  /** Reloads on `config.changed` for rules and on a profile switch; returns the unsubscribe. */
  watch(): () => void;
  save(draft: Record<string, unknown>, isCreate: boolean): Promise<Result<RuleRow>>;
  remove(id: string, confirm?: string): Promise<Result<{ removed: boolean }>>;
  loadSources(): Promise<void>;
  runTest(draft: Record<string, unknown>): Promise<void>;
  runReplay(draft: Record<string, unknown>, window: ReplayWindow): Promise<void>;
  loadEvaluations(id: string): Promise<void>;
  /** Forgets the test, replay and evaluations of the Rule that was open. */
  clearResults(): void;
}

function upsert(rows: RuleRow[], row: RuleRow): RuleRow[] {
  const at = rows.findIndex((r) => r.rule.id === row.rule.id);
  if (at === -1) return [...rows, row];

  return rows.map((r, index) => (index === at ? row : r));
}

export const useRulesStore = create<RulesState>()((set, get) => ({
  status: 'idle',
  error: null,
  rows: [],
  sources: { ...idle },
  test: { ...idle },
  replay: { ...idle },
  evaluations: { ...idle, id: '' },

  async load() {
    set({ status: 'loading', error: null });
    const result = await api['rules.list']({});
    if (!result.ok) {
      set({ status: 'error', error: result.message });
      return;
    }

    set({ status: 'ready', rows: result.value });
  },

  watch() {
    const stops = [
      onEvent('config.changed', ({ area }) => {
        if (area === 'rules') void get().load();
      }),
      // Another profile is another Redis: nothing listed before applies.
      onEvent('profile.switched', () => void get().load()),
    ];
    return () => {
      for (const stop of stops) stop();
    };
  },

  async save(draft, isCreate) {
    const result = await api['rules.save']({ rule: draft, create: isCreate });
    if (result.ok) set({ rows: upsert(get().rows, result.value) });

    return result;
  },

  async remove(id, confirm) {
    const result = await api['rules.remove'](confirm === undefined ? { id } : { id, confirm });
    if (result.ok) set({ rows: get().rows.filter((r) => r.rule.id !== id) });

    return result;
  },

  async loadSources() {
    set({ sources: { ...get().sources, status: 'loading', error: null } });
    set({ sources: settled(await api['sources.list']({})) });
  },

  async runTest(draft) {
    set({ test: { status: 'loading', error: null, value: null } });
    set({ test: settled(await api['rules.test']({ rule: draft })) });
  },

  async runReplay(draft, window) {
    set({ replay: { status: 'loading', error: null, value: null } });
    set({ replay: settled(await api['rules.replay']({ rule: draft, window })) });
  },

  async loadEvaluations(id) {
    set({ evaluations: { status: 'loading', error: null, value: null, id } });
    const result = await api['rules.evaluations']({ id, limit: 50 });
    if (get().evaluations.id !== id) return;

    set({ evaluations: { ...settled(result), id } });
  },

  clearResults() {
    set({ test: { ...idle }, replay: { ...idle }, evaluations: { ...idle, id: '' } });
  },
}));
