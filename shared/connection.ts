/** What one Redis server (the standalone server or one cluster master) reported. */
export interface RedisServerReport {
  /** `host:port` as Dipper reached it. */
  address: string;
  redisVersion: string;
  maxmemoryPolicy: string;
  aofEnabled: boolean;
  /** The RDB `save` schedule (`"3600 1 300 100"`), `""` when off, null when CONFIG is refused. */
  rdbSave: string | null;
  /** Median round trip of 5 PINGs, in ms. */
  rttMs: number;
  /** Redis `TIME` minus this Node's clock at the middle of the call, in ms; > 0: we are behind. */
  clockOffsetMs: number;
}

/**
 * The health of a Profile's Redis as Dipper needs it; on a cluster each field holds the worst
 * value over every master. A check that cannot reach Redis fails with REDIS_UNAVAILABLE.
 */
export interface ConnectionReport {
  kind: 'standalone' | 'cluster';
  /** The lowest version among the servers. */
  redisVersion: string;
  /** A policy other than `noeviction` if any server has one. */
  maxmemoryPolicy: string;
  persistence: { aofEnabled: boolean; rdbSave: string | null };
  /** The slowest server's median round trip, in ms. */
  rttMs: number;
  /** The offset of largest magnitude, in ms. */
  clockOffsetMs: number;
  servers: RedisServerReport[];
  /** Human-readable problems, each naming the server; empty when all is well. */
  warnings: string[];
  /** When the check finished, epoch ms. */
  checkedAt: number;
}
