import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { consoleHandlers } from '../../../main/console/handlers/index.js';
import {
  CONFIRMED,
  contract,
  EVENT_NAMES,
  ipcChannel,
  METHODS,
} from '../../../shared/api/contract.js';
import { api, installTransport } from '../../../renderer/api/index.js';
import type { ConsoleTransport } from '../../../renderer/api/transport.js';

describe('the console contract', () => {
  it('has a handler in main for every method, and no handler without a method', () => {
    expect(Object.keys(consoleHandlers).sort()).toEqual([...METHODS].sort());
  });

  it('has a zod request schema and a kind for every method', () => {
    for (const method of METHODS) {
      expect(contract[method].request, method).toBeInstanceOf(z.ZodType);
      expect(['query', 'command', 'local'], method).toContain(contract[method].kind);
    }
  });

  it('gives every method and event its own IPC channel', () => {
    const channels = [
      ...METHODS.map((m) => ipcChannel(m, 'call')),
      ...EVENT_NAMES.map((e) => ipcChannel(e, 'event')),
    ];

    expect(new Set(channels).size).toBe(METHODS.length + EVENT_NAMES.length);
  });

  it('names, for every confirmed method, a field its request has', () => {
    for (const [method, field] of Object.entries(CONFIRMED)) {
      const request = contract[method as keyof typeof contract].request as unknown as {
        shape: Record<string, unknown>;
      };
      expect(Object.keys(request.shape), method).toContain(field);
      expect(Object.keys(request.shape), method).toContain('confirm');
    }
  });

  it('routes every method of the renderer API to the installed transport', async () => {
    const seen: string[] = [];
    const fake = Object.fromEntries(
      METHODS.map((m) => [
        m,
        (request: unknown) => {
          seen.push(m);
          return Promise.resolve({ ok: true, value: request });
        },
      ]),
    );
    installTransport({ api: fake, on: () => () => undefined } as unknown as ConsoleTransport);

    for (const method of METHODS) {
      await (api[method] as (r: unknown) => Promise<unknown>)({});
    }

    expect(seen).toEqual(METHODS);
  });
});
