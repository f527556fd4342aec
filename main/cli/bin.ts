import { CommanderError } from 'commander';
import { fail } from '../../shared/result.js';
import { CliFailure, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, printFailure } from './output.js';
import { buildProgram } from './program.js';

/** Runs the CLI and resolves to its exit code: 0 success, 1 failure, 2 bad usage. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  const isJson = argv.includes('--json');
  program.exitOverride();
  for (const sub of program.commands) {
    sub.exitOverride();
    for (const leaf of sub.commands) leaf.exitOverride();
  }

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

// Short commands print results, not progress; a node logs what it does.
if (process.env.DIPPER_LOG_LEVEL === undefined && process.argv[2] !== 'node') {
  process.env.DIPPER_LOG_LEVEL = 'warn';
}

const code = await main(process.argv);
process.exitCode = code;
// Open handles (a Redis client mid-reconnect) must not keep a finished command alive; the
// unref'd timer fires only when something else still holds the event loop.
setTimeout(() => process.exit(code), 100).unref();
