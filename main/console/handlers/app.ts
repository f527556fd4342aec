import type { ConsoleHandlers } from '../../../shared/api/contract.js';
import { ok } from '../../../shared/result.js';
import { VERSION } from '../../node/version.js';
import { buildLiveSnapshot } from '../live.js';
import { readNodeList } from '../overview.js';
import type { ConsoleSession } from '../session.js';

export const appHandlers: Pick<
  ConsoleHandlers<ConsoleSession>,
  'app.info' | 'live.snapshot' | 'nodes.list' | 'audit.list'
> = {
  'app.info': async (_request, session) =>
    ok({
      version: VERSION,
      nodeId: session.node.nodeId,
      user: session.operator.user,
      host: session.operator.host,
      mode: session.mode,
      profile: session.profile,
    }),
  'live.snapshot': async (_request, session) => ok(await buildLiveSnapshot(session)),
  'nodes.list': async (_request, session) => ok(await readNodeList(session)),
  'audit.list': async ({ limit, before }, session) => ok(await session.audit.list(limit, before)),
};
