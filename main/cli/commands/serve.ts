import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
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
import { STOP_GRACE_MS } from '../../connection/redis-process.js';
import { runUntilStopSignal } from '../stop-signal.js';
import { builtinProcessors } from '../../queues/builtin-processors.js';
import { loadCustomProcessors } from '../../queues/custom-processors.js';
import { createProcessorRegistry } from '../../queues/processor.js';
import { fail, ok, type Failure, type Result } from '../../../shared/result.js';
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
  // Before the node starts: a console that cannot listen must not join the profile's nodes,
  // take schedules over by rendezvous hashing and pick up jobs, only to leave a moment later.
  must(await checkListenAddress(flags.host, flags.port));
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
    // Taken between the check and now, by another process.
    await host.stop();
    throw new CliFailure(listenFailure(error, flags.host, flags.port));
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

  // The console's node gets 5 s for running jobs (host.stop), the sandbox its grace.
  await runUntilStopSignal(log, 5_000 + STOP_GRACE_MS + 5_000, async () => {
    await server.close();
    await host.stop();
  });
}

/** Listens on the address once and lets it go: says early whether the console can serve there. */
async function checkListenAddress(host: string, port: number): Promise<Result<void>> {
  const probe = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen(port, host, resolve);
    });
  } catch (error) {
    return listenFailure(error, host, port);
  }

  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return ok(undefined);
}

function listenFailure(error: unknown, host: string, port: number): Failure {
  const expected = 'expected one it has, such as 127.0.0.1, ::1 or 0.0.0.0';
  switch ((error as NodeJS.ErrnoException).code) {
    case 'EADDRINUSE':
      return fail(
        'CONFLICT',
        `port ${port} on ${host} is in use; pass --port N, or --port 0 for any free port`,
      );
    case 'EADDRNOTAVAIL':
      return fail('BAD_REQUEST', `--host ${host} is not an address of this machine; ${expected}`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return fail('BAD_REQUEST', `--host ${host} is not a name this machine resolves; ${expected}`);
    case 'EACCES':
      return fail(
        'FORBIDDEN',
        `port ${port} on ${host} needs privileges this user lacks; pass --port 1024 or above, or --port 0`,
      );
    default:
      return fail('INTERNAL', `cannot listen on ${host}:${port}: ${(error as Error).message}`);
  }
}
