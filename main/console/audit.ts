import type { RedisClient } from '../connection/connection.js';
import type { AuditEntry } from '../../shared/api/dto.js';

/** Entries the audit stream keeps, about the newest. */
export const AUDIT_MAX_ENTRIES = 100_000;

/** The operator actions of every console on a profile, newest last, in one Redis stream. */
export interface AuditLog {
  append(entry: Omit<AuditEntry, 'id'>): Promise<AuditEntry>;
  /** Newest first; `before` continues after the last entry of the previous page. */
  list(limit: number, before?: string): Promise<AuditEntry[]>;
}

const FIELDS = [
  'atMs',
  'user',
  'host',
  'profile',
  'action',
  'target',
  'detail',
  'outcome',
] as const;

function decrementId(id: string): string {
  const [ms, seq] = id.split('-').map(Number) as [number, number];
  return seq > 0 ? `${ms}-${seq - 1}` : `${ms - 1}-18446744073709551615`;
}

export function createAuditLog(client: RedisClient, prefix: string): AuditLog {
  const key = `${prefix}:dipper:audit`;

  return {
    async append(entry) {
      const values = FIELDS.flatMap((field) => [field, String(entry[field])]);
      const id = await client.xadd(key, 'MAXLEN', '~', AUDIT_MAX_ENTRIES, '*', ...values);

      return { id: id ?? '', ...entry };
    },
    async list(limit, before) {
      const end = before ? decrementId(before) : '+';
      const rows = await client.xrevrange(key, end, '-', 'COUNT', limit);

      return rows.map(([id, flat]) => {
        const map = new Map<string, string>();
        for (let i = 0; i + 1 < flat.length; i += 2) map.set(flat[i]!, flat[i + 1]!);
        return {
          id,
          atMs: Number(map.get('atMs')),
          user: map.get('user') ?? '',
          host: map.get('host') ?? '',
          profile: map.get('profile') ?? '',
          action: map.get('action') ?? '',
          target: map.get('target') ?? '',
          detail: map.get('detail') ?? '',
          outcome: map.get('outcome') === 'failed' ? 'failed' : 'ok',
        };
      });
    },
  };
}
