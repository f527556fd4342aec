import { CommanderError, type Command } from 'commander';
import { fail } from '../../shared/result.js';
import { CliFailure, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, printFailure } from './output.js';
import { buildProgram } from './program.js';

/** Makes commander throw instead of exiting, at every depth of subcommands. */
function throwOnExit(command: Command): void {
  command.exitOverride();
  for (const sub of command.commands) throwOnExit(sub);
}

/**
 * Runs the CLI on `argv` (as in process.argv: node, script, then arguments) and resolves to its
 * exit code: 0 success, 1 failure, 2 bad usage. Never exits the process, so tests call it.
 */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  const isJson = argv.includes('--json');
  throwOnExit(program);

  try {
    await program.parseAsync(argv);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      const isInfo = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(
        error.code,
      );
      return isInfo || error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (error instanceof CliFailure) {
      printFailure(error.failure, isJson);
      return error.exitCode;
    }
    printFailure(fail('INTERNAL', (error as Error).message), isJson);
    return EXIT_FAILURE;
  }
}
