import type { ChainableCommander } from 'ioredis';
import type { z } from 'zod';
import type { RedisClient } from '../connection/connection.js';
import type { Logger } from '../log/logger.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { parseWith } from '../../shared/validation.js';

/** A validated document with an id, e.g. a Rule, a source or a channel. */
export interface HasId {
  id: string;
}

/**
 * Documents of one kind in a Redis hash (id -> JSON) under the profile prefix, validated with
 * their schema on the way in and on the way out. With `cacheMs`, a node answers a read (of one
 * document or of the whole list) from its previous answer for that long, so an evaluation does
 * not re-read and re-validate its Rule, routes and channels; edits made elsewhere are seen
 * within `cacheMs`. A stored document that no longer parses (an older version, a hand edit) is
 * skipped with a warning instead of breaking the whole list.
 */
export function createDocStore<S extends z.ZodType<HasId>>(
  client: RedisClient,
  key: string,
  schema: S,
  what: string,
  log: Logger,
  /** How long a node may answer reads from its last full read, in ms; 0 reads Redis each time. */
  cacheMs = 0,
) {
  type Doc = z.infer<S>;
  let cached: { atMs: number; docs: Doc[] } | null = null;
  // Per id as well: an evaluation needs one Rule, and re-reading all of them would cost more.
  const cachedById = new Map<string, { atMs: number; doc: Doc | null }>();

  async function readAll(): Promise<Doc[]> {
    if (cached && Date.now() - cached.atMs < cacheMs) return cached.docs;

    const all = await client.hgetall(key);
    const docs = Object.entries(all)
      .flatMap(([id, raw]) => decode(id, raw) ?? [])
      .sort((a, b) => a.id.localeCompare(b.id));
    if (cacheMs > 0) cached = { atMs: Date.now(), docs };

    return docs;
  }

  function decode(id: string, raw: string): Doc | null {
    try {
      const parsed = schema.safeParse(JSON.parse(raw));
      if (parsed.success) return parsed.data;
    } catch {
      // not JSON: reported below
    }
    log.warn(`stored ${what} is invalid; ignored`, { id });

    return null;
  }

  return {
    key,
    list: readAll,

    async get(id: string): Promise<Doc | null> {
      const hit = cachedById.get(id);
      if (hit && Date.now() - hit.atMs < cacheMs) return hit.doc;

      const raw = await client.hget(key, id);
      const doc = raw === null ? null : decode(id, raw);
      if (cacheMs > 0) cachedById.set(id, { atMs: Date.now(), doc });

      return doc;
    },

    /** Validates without storing: what `save` would store, or every problem with its path. */
    validate(input: unknown): Result<Doc> {
      return parseWith(schema, input, what);
    },

    async save(
      input: unknown,
      mode: 'create' | 'update' | 'upsert' = 'upsert',
    ): Promise<Result<Doc>> {
      const parsed = parseWith(schema, input, what);
      if (!parsed.ok) return parsed;

      const doc = parsed.value;
      const exists = (await client.hexists(key, doc.id)) === 1;
      if (mode === 'create' && exists)
        return fail('CONFLICT', `${what} "${doc.id}" already exists`);
      if (mode === 'update' && !exists)
        return fail('NOT_FOUND', `${what} "${doc.id}" does not exist`);

      await client.hset(key, doc.id, JSON.stringify(doc));
      cached = null;
      cachedById.delete(doc.id);

      return ok(doc);
    },

    /**
     * Adds the write of an already validated document to a transaction the caller runs, so
     * that many documents are written all or nothing. This node's cache forgets it now.
     */
    stage(multi: ChainableCommander, doc: Doc): void {
      multi.hset(key, doc.id, JSON.stringify(doc));
      cached = null;
      cachedById.delete(doc.id);
    },

    async remove(id: string): Promise<Result<{ id: string }>> {
      const removed = await client.hdel(key, id);
      cached = null;
      cachedById.delete(id);
      return removed === 1 ? ok({ id }) : fail('NOT_FOUND', `${what} "${id}" does not exist`);
    },
  };
}

export type DocStore<D extends HasId> = {
  key: string;
  list(): Promise<D[]>;
  get(id: string): Promise<D | null>;
  validate(input: unknown): Result<D>;
  save(input: unknown, mode?: 'create' | 'update' | 'upsert'): Promise<Result<D>>;
  stage(multi: ChainableCommander, doc: D): void;
  remove(id: string): Promise<Result<{ id: string }>>;
};
