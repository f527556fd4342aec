import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis, type RedisOptions } from 'ioredis';
import type { Page } from 'playwright-core';
import { beforeEach } from 'vitest';
import { acquireSandbox } from '../../../main/connection/sandbox.js';
import { startTestBrowser, type TestBrowser } from '../../harness/browser.js';
import { waitFor } from '../../harness/wait.js';
import { formatNodeLogs, startNodeProcess, type NodeProcess } from '../../harness/node-process.js';
import { connectConsoleApi, type ConsoleApiClient } from './console-api.js';

/** One `dipper serve` on its own sandbox, a Chromium page on it, and an API client beside it. */
export interface ConsoleFixture {
  /** The DIPPER_HOME every process of this fixture shares (and with it, one sandbox Redis). */
  home: string;
  serve: NodeProcess;
  /** `http://127.0.0.1:<port>`, without the token. */
  origin: string;
  /** Extra headless nodes started with `startNode`. */
  nodes: NodeProcess[];
  api: ConsoleApiClient;
  browser: TestBrowser;
  page: Page;
  /** Loads the console afresh on `#/<route>`; the first call hands the page its token. */
  open(route?: string): Promise<void>;
  /** A headless `dipper node` on the same sandbox. */
  startNode(args?: string[]): Promise<NodeProcess>;
  /** The sandbox's address and password, found as another process on this machine finds them. */
  sandboxOptions(): Promise<RedisOptions>;
  /** A client of the sandbox Redis. */
  sandboxRedis(): Promise<Redis>;
  /** Saves a screenshot named `<file prefix>-<name>`. */
  screenshot(name: string): Promise<void>;
  /**
   * Clicks the page's button with this text until `check` holds: for lists that are read when
   * asked, not pushed. While it loads antd names the button after its spinner too.
   */
  clickUntil(
    label: string,
    check: () => Promise<boolean>,
    what: string,
    timeoutMs?: number,
    pollMs?: number,
  ): Promise<void>;
  /** Every node's log tail, for a failure report. */
  logs(): string;
  close(): Promise<void>;
}

export interface ConsoleFixtureOptions {
  /** Names this file's screenshots: `<prefix>-<name>.png`. */
  prefix: string;
  /** Starts the node with the demo schedules, sources and Rules. */
  demo?: boolean;
}

export async function startConsoleFixture(options: ConsoleFixtureOptions): Promise<ConsoleFixture> {
  const home = await mkdtemp(join(tmpdir(), 'dipper-browser-'));
  const serve = await startNodeProcess({
    command: 'serve',
    args: ['--port', '0', ...(options.demo ? ['--demo'] : [])],
    home,
    logLevel: 'warn',
  });
  const token = String(serve.ready.token);
  const origin = new URL(String(serve.ready.url)).origin;
  let api: ConsoleApiClient;
  let browser: TestBrowser;
  try {
    api = await connectConsoleApi(origin, token);
    browser = await startTestBrowser();
  } catch (error) {
    await serve.stop();
    await rm(home, { recursive: true, force: true });
    throw error;
  }
  const nodes: NodeProcess[] = [];
  const redisClients: Redis[] = [];
  let hasToken = false;
  const sandboxOptions = async (): Promise<RedisOptions> => {
    // Attaching never starts a second server: serve owns the running one.
    const sandbox = await acquireSandbox({ dataDir: home });
    if (!sandbox.ok) throw new Error(`cannot attach to the sandbox: ${sandbox.message}`);
    return sandbox.value.target.options;
  };

  return {
    home,
    serve,
    origin,
    nodes,
    api,
    browser,
    page: browser.page,
    async open(route = 'overview') {
      // The token rides along once; the page keeps it for the tab and the server sets a cookie.
      const query = hasToken ? '' : `?token=${encodeURIComponent(token)}`;
      // A new document each time: a hash change alone would keep the last page's drawers open.
      await browser.page.goto('about:blank');
      await browser.page.goto(`${origin}/${query}#/${route}`);
      hasToken = true;
    },
    async startNode(args = []) {
      const node = await startNodeProcess({ command: 'node', home, args, logLevel: 'warn' });
      nodes.push(node);
      return node;
    },
    sandboxOptions,
    async sandboxRedis() {
      const client = new Redis({ ...(await sandboxOptions()), lazyConnect: true });
      client.on('error', () => undefined);
      await client.connect();
      redisClients.push(client);
      return client;
    },
    screenshot: (name) => browser.screenshot(`${options.prefix}-${name}`),
    async clickUntil(label, check, what, timeoutMs = 30_000, pollMs = 500) {
      const button = browser.page.getByRole('button', {
        name: new RegExp(`^(loading )?${label}$`),
      });
      await waitFor(
        async () => {
          if (await check()) return true;
          await button.click();
          return false;
        },
        what,
        timeoutMs,
        pollMs,
      );
    },
    logs: () => formatNodeLogs([serve, ...nodes]),
    async close() {
      for (const client of redisClients) client.disconnect();
      api.close();
      await browser.close();
      // The serve process owns the sandbox: the other nodes stop first.
      await Promise.all(nodes.map((node) => node.stop()));
      await serve.stop();
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** On a failed test of this file, saves a screenshot of the page and prints every node's log tail. */
export function reportFailures(fixture: () => ConsoleFixture | undefined): void {
  beforeEach(({ onTestFailed, task }) => {
    onTestFailed(async () => {
      const f = fixture();
      await f?.screenshot(`failed-${task.name.replace(/\W+/g, '-')}`).catch(() => undefined);
      console.error(f?.logs());
    });
  });
}
