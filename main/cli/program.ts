import { Command } from 'commander';
import { VERSION } from '../node/version.js';
import { ackCommand } from './commands/ack.js';
import { alertsCommand } from './commands/alerts.js';
import { applyCommand, exportCommand } from './commands/apply.js';
import { channelsCommand } from './commands/channels.js';
import { ledgerCommand } from './commands/ledger.js';
import { nodeCommand } from './commands/node.js';
import { nodesCommand } from './commands/nodes.js';
import { recordCommand } from './commands/record.js';
import { rulesCommand } from './commands/rules.js';
import { schedulesCommand } from './commands/schedules.js';
import { serveCommand } from './commands/serve.js';
import { silencesCommand } from './commands/silences.js';

/** The `dipper` command with every subcommand. */
export function buildProgram(): Command {
  const program = new Command('dipper')
    .description('Dipper: a distributed scheduler and on-call console for Bull/Redis')
    .version(VERSION)
    .showHelpAfterError('(add --help for usage)');
  program.addCommand(nodeCommand());
  program.addCommand(schedulesCommand());
  program.addCommand(ledgerCommand());
  program.addCommand(nodesCommand());
  program.addCommand(applyCommand());
  program.addCommand(exportCommand());
  program.addCommand(rulesCommand());
  program.addCommand(alertsCommand());
  program.addCommand(ackCommand());
  program.addCommand(silencesCommand());
  program.addCommand(channelsCommand());
  program.addCommand(recordCommand());
  program.addCommand(serveCommand());

  return program;
}
