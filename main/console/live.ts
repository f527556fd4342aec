import type { LiveSnapshot, ThroughputPoint } from '../../shared/api/dto.js';
import type { ConsoleSession } from './session.js';

// PLACEHOLDER: replaced by the real snapshot before this lands.
export interface ThroughputMeter {
  points(): ThroughputPoint[];
}
export function createThroughputMeter(): ThroughputMeter {
  return { points: () => [] };
}
export function buildLiveSnapshot(
  _session: ConsoleSession,
  throughput: ThroughputMeter,
): Promise<LiveSnapshot> {
  return Promise.resolve({
    atMs: Date.now(),
    nodes: [],
    queues: [],
    firing: [],
    throughput: throughput.points(),
  });
}
