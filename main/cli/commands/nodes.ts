import { Command } from 'commander';
import { readNodes } from '../../node/membership.js';
import { withCommonOptions, withSession, type CommonOptions } from '../context.js';
import { iso, printRows } from '../output.js';

export function nodesCommand(): Command {
  return withCommonOptions(
    new Command('nodes').description('live nodes and their heartbeats'),
  ).action(async (flags: CommonOptions) => {
    const nodes = await withSession(flags, (s) =>
      s.call(readNodes(s.client, s.keys), 'reading nodes'),
    );
    printRows(
      nodes,
      [
        { header: 'ID', value: (n) => n.id },
        { header: 'KIND', value: (n) => n.kind },
        { header: 'HOST', value: (n) => n.host },
        { header: 'PID', value: (n) => String(n.pid) },
        { header: 'VERSION', value: (n) => n.version },
        { header: 'QUEUES', value: (n) => n.queues.join(',') || '-' },
        { header: 'CONC', value: (n) => String(n.concurrency) },
        { header: 'STARTED (UTC)', value: (n) => iso(n.startedAt) },
        { header: 'LAST SEEN (UTC)', value: (n) => iso(n.lastSeen) },
        { header: 'CLOCK OFFSET MS', value: (n) => String(n.clockOffsetMs) },
      ],
      flags.json ?? false,
    );
  });
}
