import {
  CONFIRMED,
  contract,
  DEFAULT_CALL_DEADLINE_MS,
  type ConsoleHandlers,
  type Method,
  type MethodSpec,
} from '../../shared/api/contract.js';
import { fail, type Result } from '../../shared/result.js';
import { parseWith } from '../../shared/validation.js';
import type { Logger } from '../log/logger.js';
import type { ConsoleSession } from './session.js';

/** Request fields that hold whole drafts: the audit names them by id, never by content. */
const DRAFT_FIELDS = ['schedule', 'rule', 'channel', 'profile'] as const;

export interface DispatcherOptions {
  handlers: ConsoleHandlers<ConsoleSession>;
  /** The current session; undefined while a profile switch is under way. */
  session: () => ConsoleSession | undefined;
  log: Logger;
  /** Overrides every method's deadline (tests). */
  deadlineMs?: number;
}

/** A console call as any transport delivers it: a method name and an untrusted argument. */
export type Dispatch = (method: string, argument: unknown) => Promise<Result<unknown>>;

function isMethod(name: string): name is Method {
  return Object.hasOwn(contract, name);
}

/** What the audit log says an action was aimed at. */
function targetOf(request: Record<string, unknown>): string {
  for (const field of DRAFT_FIELDS) {
    const draft = request[field];
    if (draft && typeof draft === 'object') {
      const { id, name } = draft as { id?: unknown; name?: unknown };
      return String(id ?? name ?? '');
    }
  }
  const parts = ['queue', 'id', 'ruleId', 'name']
    .filter((field) => typeof request[field] === 'string')
    .map((field) => String(request[field]));
  return parts.join(' ');
}

/** The rest of the request, without drafts (they can hold secrets) and cut short. */
function detailOf(request: Record<string, unknown>): string {
  const rest = Object.fromEntries(
    Object.entries(request).filter(
      ([key]) => !(DRAFT_FIELDS as readonly string[]).includes(key) && key !== 'confirm',
    ),
  );
  const text = JSON.stringify(rest);
  return text.length > 500 ? `${text.slice(0, 500)}...` : text;
}

function runWithDeadline<T>(
  work: Promise<Result<T>>,
  method: string,
  deadlineMs: number,
): Promise<Result<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Result<T>>((resolve) => {
    timer = setTimeout(
      () => resolve(fail('TIMEOUT', `${method} did not finish within ${deadlineMs} ms`)),
      deadlineMs,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The one wrapper every console call goes through, whatever the transport: it parses the
 * request with its schema, refuses changes on a read-only profile and unconfirmed destructive
 * actions outside the sandbox, runs the handler under a deadline, turns a throw into INTERNAL
 * after logging it, and records commands in the audit log.
 */
export function createDispatcher(options: DispatcherOptions): Dispatch {
  const { handlers, log } = options;

  return async (method, argument) => {
    if (!isMethod(method)) return fail('BAD_REQUEST', `unknown console method "${method}"`);
    const spec: MethodSpec = contract[method];
    const parsed = parseWith(spec.request, argument ?? {}, `${method} request`);
    if (!parsed.ok) return parsed;
    const request = parsed.value as Record<string, unknown>;

    const session = options.session();
    if (!session) {
      return fail('REDIS_UNAVAILABLE', `the console is switching profiles; try ${method} again`);
    }
    if (spec.kind === 'command' && session.resolved.readOnly) {
      return fail(
        'FORBIDDEN',
        `profile "${session.profileName}" is read-only; ${method} would change it`,
      );
    }
    const confirmField = CONFIRMED[method];
    if (confirmField && session.profileKind !== 'sandbox') {
      const expected = String(request[confirmField]);
      if (request.confirm !== expected) {
        return fail(
          'FORBIDDEN',
          `${method} on shared profile "${session.profileName}" needs confirm: "${expected}"` +
            ` (type the ${confirmField}); got ${JSON.stringify(request.confirm ?? '')}`,
        );
      }
    }

    const handler = handlers[method] as (
      request: unknown,
      session: ConsoleSession,
    ) => Promise<Result<unknown>>;
    let result: Result<unknown>;
    try {
      result = await runWithDeadline(
        Promise.resolve().then(() => handler(request, session)),
        method,
        options.deadlineMs ?? spec.deadlineMs ?? DEFAULT_CALL_DEADLINE_MS,
      );
    } catch (error) {
      log.error('console call failed', { method, err: error });
      result = fail('INTERNAL', `${method} failed: ${(error as Error).message ?? String(error)}`);
    }

    if (spec.kind === 'command') {
      const entry = {
        atMs: Date.now(),
        user: session.operator.user,
        host: session.operator.host,
        profile: session.profileName,
        action: method,
        target: targetOf(request),
        detail: result.ok ? detailOf(request) : `${detailOf(request)} -> ${result.message}`,
        outcome: result.ok ? ('ok' as const) : ('failed' as const),
      };
      session.audit.append(entry).then(
        (saved) => session.emit('audit.appended', saved),
        (error: unknown) => log.warn('audit entry not written', { method, err: error }),
      );
    }
    return result;
  };
}
