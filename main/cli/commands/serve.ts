import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, Option } from 'commander';
import { ensureDataDir } from '../../connection/data-dir.js';
import { createProfileStore } from '../../connection/profile-store.js';
import { profileFromCliOptions } from '../../connection/resolve.js';
import { startConsoleHost } from '../../console/host.js';
import { startConsoleServer } from '../../console/server.js';
import { consoleToken } from '../../console/token.js';
import { createLogger } from '../../log/logger.js';
import { builtinProcessors } from '../../queues/builtin-processors.js';
import { loadCustomProcessors } from '../../queues/custom-processors.js';
import { createProcessorRegistry } from '../../queues/processor.js';
import { fail } from '../../../shared/result.js';
import { must, withCommonOptions, type CommonOptions } from '../context.js';
import { CliFailure } from '../output.js';
import { intIn } from '../parse-options.js';

/** Where `npm run build:renderer` puts the console. */
export const DEFAULT_RENDERER_DIR = fileURLToPath(
  new URL('../../../dist/renderer', import.meta.url),
);

/** The console's default port: stable, so that a bookmark (without its token) still helps. */
export const DEFAULT_CONSOLE_PORT = 7357;

interface ServeFlags extends CommonOptions {
  host: string;
  port: number;
  demo: boolean;
  processors?: string;
  rendererDir: string;
  concurrency: number;
  newToken: boolean;
}

export function serveCommand(): Command {
  return withCommonOptions(
    new Command('serve').description(
      'run a node and serve the console to a browser (HTTP + WebSocket, token required)',
    ),
  )
    .option(
      '--host <address>',
      'address to listen on (loopback unless you mean otherwise)',
      '127.0.0.1',
    )
    .option(
      '--port <n>',
      'port to listen on; 0 picks a free one',
      intIn(0, 65535),
      DEFAULT_CONSOLE_PORT,
    )
    .option('--demo', 'create the demo schedules and Rules on the sandbox when missing', false)
    .option('--processors <module>', 'a module exporting custom processors by job name')
    .option('--concurrency <n>', 'jobs at once per queue on this node', intIn(1, 1000), 4)
    .option(
      '--new-token',
      'make a new access token (it is kept in the data folder across restarts); old URLs stop working',
      false,
    )
    .addOption(
      new Option('--renderer-dir <dir>', 'the built console')
        .default(DEFAULT_RENDERER_DIR)
        .hideHelp(),
    )
    .action(runServe);
}

async function runServe(flags: ServeFlags): Promise<void> {
  const log = createLogger('console');
  if (!existsSync(join(flags.rendererDir, 'index.html'))) {
    throw new CliFailure(
      fail(
        'NOT_FOUND',
        `the console is not built (no ${join(flags.rendererDir, 'index.html')}); run: npm run build:renderer`,
      ),
    );
  }
  const processors = createProcessorRegistry(builtinProcessors());
  if (flags.processors) {
    for (const [name, processor] of Object.entries(
      must(await loadCustomProcessors(flags.processors)),
    )) {
      processors.register(name, processor);
    }
  }
  const dataDir = must(await ensureDataDir());
  const profiles = createProfileStore(dataDir);
  const profile = must(await profileFromCliOptions(flags, profiles));
  const host = must(
    await startConsoleHost({
      profile,
      profiles,
      mode: 'browser',
      processors,
      log,
      demo: flags.demo,
      node: { concurrency: flags.concurrency },
    }),
  );
  let server;
  try {
    server = await startConsoleServer({
      host,
      staticDir: flags.rendererDir,
      bindHost: flags.host,
      port: flags.port,
      token: await consoleToken(dataDir, flags.newToken),
      log: log.child('server'),
    });
  } catch (error) {
    await host.stop();
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliFailure(
      fail(
        code === 'EADDRINUSE' ? 'CONFLICT' : 'INTERNAL',
        code === 'EADDRINUSE'
          ? `port ${flags.port} on ${flags.host} is in use; pass --port N, or --port 0 for any free port`
          : `cannot listen on ${flags.host}:${flags.port}: ${(error as Error).message}`,
      ),
    );
  }
  if (!['127.0.0.1', 'localhost', '::1'].includes(flags.host)) {
    log.warn('the console listens beyond loopback; anyone with the URL and token can act', {
      host: flags.host,
    });
  }

  const info = host.info();
  process.stdout.write(
    flags.json
      ? `${JSON.stringify({ event: 'ready', url: server.url, port: server.port, token: server.token, nodeId: info.nodeId, profile: info.profile.name })}\n`
      : `Dipper console (profile ${info.profile.name}, node ${info.nodeId}):\n  ${server.url}\n`,
  );

  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await server.close();
  await host.stop();
}
