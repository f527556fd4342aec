export type NodeKind = 'desktop' | 'headless' | 'server';

/** A node's heartbeat record, as kept in Redis and listed by `dipper nodes`. */
export interface NodeInfo {
  id: string;
  host: string;
  pid: number;
  /**
   * `desktop`: the Electron app; `server`: `dipper serve`, the console over HTTP in browser
   * mode; `headless`: `dipper node`, no console.
   */
  kind: NodeKind;
  version: string;
  queues: string[];
  concurrency: number;
  /** Epoch ms. */
  startedAt: number;
  /** Epoch ms, Redis time. */
  lastSeen: number;
  /** Redis TIME minus this node's clock, in ms. */
  clockOffsetMs: number;
  /** How often this node renews its heartbeat, ms; absent in records of older nodes. */
  heartbeatIntervalMs?: number;
  /** Queues whose workers on this node alone are paused (Bull's local pause). */
  pausedQueues?: string[];
}
