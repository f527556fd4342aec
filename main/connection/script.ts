import { createHash } from 'node:crypto';
import type { RedisClient } from './connection.js';

/** A Lua script run by SHA, loaded on first use and again after a Redis restart. */
export interface LuaScript {
  lua: string;
  sha: string;
}

export function defineScript(lua: string): LuaScript {
  return { lua, sha: createHash('sha1').update(lua).digest('hex') };
}

/** Runs `script` with EVALSHA, falling back to EVAL when Redis does not know it (NOSCRIPT). */
export async function runScript(
  client: RedisClient,
  script: LuaScript,
  keys: string[],
  args: (string | number)[],
): Promise<unknown> {
  try {
    return await client.evalsha(script.sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error as Error).message.includes('NOSCRIPT')) throw error;

    return client.eval(script.lua, keys.length, ...keys, ...args);
  }
}
