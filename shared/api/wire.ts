import type { Result } from '../result.js';

/**
 * The browser transport's messages over its one WebSocket (JSON text frames). The renderer
 * numbers its calls; main answers each with the same id, and pushes events in between.
 */
export interface WireCall {
  type: 'call';
  id: number;
  method: string;
  request: unknown;
}

export interface WireResult {
  type: 'result';
  id: number;
  result: Result<unknown>;
}

export interface WireEvent {
  type: 'event';
  event: string;
  payload: unknown;
}

export type ServerMessage = WireResult | WireEvent;

/** The WebSocket's path on the console server; the token goes in its `token` query parameter. */
export const WIRE_PATH = '/api/socket';

/** The query parameter and cookie that carry the access token. */
export const TOKEN_PARAM = 'token';
export const TOKEN_COOKIE = 'dipper_token';

/** Largest message either side accepts, bytes. */
export const MAX_WIRE_MESSAGE_BYTES = 4 * 1024 * 1024;
