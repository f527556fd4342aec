import type { ResolvedProfile } from '../connection/resolve.js';
import type { ProfileStore } from '../connection/profile-store.js';
import type { Logger } from '../log/logger.js';
import type { DipperNode } from '../node/node.js';
import type { AppInfo, ProfileSummary } from '../../shared/api/dto.js';
import type { EventName, EventPayload } from '../../shared/api/contract.js';
import type { Result } from '../../shared/result.js';
import type { AuditLog } from './audit.js';

/** Who is at the console: recorded with every action they take. */
export interface Operator {
  user: string;
  host: string;
}

/** How an operator signs acknowledgements and silences: `user@host`, as the CLI does. */
export function actorOf(operator: Operator): string {
  return `${operator.user}@${operator.host}`;
}

/**
 * What every console handler works with: the node this console runs (its connection, queues,
 * schedule store and alerting), the profile it runs on, and the way back to the renderer.
 * A profile switch replaces the whole session; handlers never keep one between calls.
 */
export interface ConsoleSession {
  node: DipperNode;
  /** Alerting is always on for a console node. */
  alerting: NonNullable<DipperNode['alerting']>;
  resolved: ResolvedProfile;
  profileName: string;
  profileKind: 'sandbox' | 'standalone' | 'cluster';
  /** The profile as the console shows it (no secrets). */
  profile: ProfileSummary;
  profiles: ProfileStore;
  operator: Operator;
  mode: 'desktop' | 'browser';
  audit: AuditLog;
  log: Logger;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** Stops this session's node and starts one on the named profile (the host does it). */
  switchProfile(name: string): Promise<Result<AppInfo>>;
}
