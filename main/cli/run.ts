import { CommanderError, type Command } from 'commander';
import { fail } from '../../shared/result.js';
import { CliFailure, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, printFailure } from './output.js';
import { buildProgram } from './program.js';

/**
 * Makes commander throw instead of exiting, at every depth of subcommands, and point to --help
 * after a usage error. With `--json`, its usage errors are not printed as text: main prints
 * them as a JSON failure instead.
 */
function throwOnExit(command: Command, isJson: boolean): void {
  command.exitOverride((error) => {
    // commander reports a group run without a command as help with exit code 1.
    if (error.code === 'commander.help' && error.exitCode !== 0) {
      const names = command.commands.map((c) => c.name()).filter((n) => n !== 'help');
      const message = `${fullName(command)} needs a command; expected one of: ${names.join(', ')}`;
      throw new CommanderError(EXIT_USAGE, 'dipper.missingCommand', message);
    }
    throw error;
  });
  // Commands added with addCommand do not inherit this from the program.
  command.showHelpAfterError('(add --help for usage)');
  if (isJson) command.configureOutput({ writeErr: () => undefined });
  for (const sub of command.commands) throwOnExit(sub, isJson);
}

function fullName(command: Command): string {
  return command.parent ? `${fullName(command.parent)} ${command.name()}` : command.name();
}

/**
 * Runs the CLI on `argv` (as in process.argv: node, script, then arguments) and resolves to its
 * exit code: 0 success, 1 failure, 2 bad usage. Never exits the process, so tests call it.
 */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  const isJson = argv.includes('--json');
  throwOnExit(program, isJson);

  try {
    await program.parseAsync(argv);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      const isInfo = ['commander.helpDisplayed', 'commander.version'].includes(error.code);
      if (isInfo || error.exitCode === 0) return EXIT_OK;
      if (isJson) printFailure(fail('BAD_REQUEST', error.message.replace(/^error: /, '')), true);
      return EXIT_USAGE;
    }
    if (error instanceof CliFailure) {
      printFailure(error.failure, isJson);
      return error.exitCode;
    }
    printFailure(fail('INTERNAL', (error as Error).message), isJson);
    return EXIT_FAILURE;
  }
}
