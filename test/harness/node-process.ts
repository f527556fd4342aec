import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(REPO_ROOT, 'main', 'cli', 'bin.ts');
/** Tail of a node's stderr kept for failure reports, in characters. */
const MAX_LOG_CHARS = 1_000_000;

export interface NodeProcessOptions {
  /** Flags after `dipper node --json`: connection, prefix, `--node-id`, timings, queues. */
  args: string[];
  /** The node's log level (its stderr); `info` shows ownership and stalled-job events. */
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** How long to wait for the ready line, in ms. */
  readyTimeoutMs?: number;
  /** The subcommand: `node` (default) or `serve` (a node plus the browser console). */
  command?: 'node' | 'serve';
  /**
   * A data folder shared with other processes (they then share its sandbox Redis); kept on
   * exit. Without it each process gets a temporary folder of its own.
   */
  home?: string;
  /**
   * Leads a process group of its own, as a command started from a terminal does, so that a
   * test can signal the group (`process.kill(-pid, ...)`) as a terminal's Ctrl-C does.
   */
  ownProcessGroup?: boolean;
}

export interface NodeExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A `dipper node` child process that has printed its ready line. */
export interface NodeProcess {
  nodeId: string;
  /** The whole ready line (`serve` adds url, port and token). */
  ready: Record<string, unknown>;
  pid: number;
  child: ChildProcess;
  /** Settles when the process has exited. */
  exited: Promise<NodeExit>;
  hasExited(): boolean;
  /** What the node logged on stderr so far (the newest ~1 MB). */
  stderr(): string;
  /** Graceful stop: sends `signal`, falls back to SIGKILL after `timeoutMs`. */
  stop(signal?: 'SIGTERM' | 'SIGINT', timeoutMs?: number): Promise<NodeExit>;
  /** Kills the process with SIGKILL, as a crash or an OOM kill would. */
  kill(signal: 'SIGKILL'): Promise<NodeExit>;
}

function isReadyLine(value: unknown): value is { event: 'ready'; nodeId: string } {
  if (typeof value !== 'object' || value === null) return false;

  const record = value as Record<string, unknown>;
  return record.event === 'ready' && typeof record.nodeId === 'string';
}

/**
 * Starts `dipper node --json` from source (`node --import tsx main/cli/bin.ts node`) with its own
 * data folder, and resolves once it printed `{"event":"ready",...}`. Rejects with the node's
 * stderr when it exits or stays silent first.
 */
export async function startNodeProcess(options: NodeProcessOptions): Promise<NodeProcess> {
  const home = options.home ?? (await mkdtemp(join(tmpdir(), 'dipper-node-home-')));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', CLI, options.command ?? 'node', '--json', ...options.args],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, DIPPER_HOME: home, DIPPER_LOG_LEVEL: options.logLevel ?? 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: options.ownProcessGroup ?? false,
    },
  );
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-MAX_LOG_CHARS);
  });
  const exited = new Promise<NodeExit>((resolve) => {
    child.once('exit', (code, signal) => {
      if (options.home) resolve({ code, signal });
      else void rm(home, { recursive: true, force: true }).finally(() => resolve({ code, signal }));
    });
  });

  const ready = await waitForReady(child, exited, options.readyTimeoutMs ?? 30_000, () => log);
  const nodeId = ready.nodeId;
  const stop = async (signal: NodeJS.Signals, timeoutMs: number): Promise<NodeExit> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    nodeId,
    ready,
    pid: child.pid ?? -1,
    child,
    exited,
    hasExited: () => child.exitCode !== null || child.signalCode !== null,
    stderr: () => log,
    stop: (signal = 'SIGTERM', timeoutMs = 20_000) => stop(signal, timeoutMs),
    kill: (signal) => stop(signal, 5_000),
  };
}

function waitForReady(
  child: ChildProcess,
  exited: Promise<NodeExit>,
  timeoutMs: number,
  log: () => string,
): Promise<{ nodeId: string } & Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let isSettled = false;
    const fail = (why: string) => {
      if (isSettled) return;
      isSettled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`dipper node ${why}; stdout: ${stdout.slice(-2_000)}\nstderr:\n${log()}`));
    };
    const timer = setTimeout(() => fail(`printed no ready line within ${timeoutMs} ms`), timeoutMs);
    void exited.then(({ code, signal }) => fail(`exited (code ${code}, signal ${signal})`));

    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      for (const line of stdout.split('\n')) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(line);
        } catch {
          continue;
        }
        if (isReadyLine(parsed) && !isSettled) {
          isSettled = true;
          clearTimeout(timer);
          resolve(parsed as { nodeId: string } & Record<string, unknown>);
        }
      }
    });
  });
}

/** The tail of every node's log, headed by its id and pid, for a failure report. */
export function formatNodeLogs(nodes: readonly NodeProcess[], maxCharsEach = 20_000): string {
  return nodes
    .map(
      (n) =>
        `----- node ${n.nodeId} (pid ${n.pid}) stderr -----\n${n.stderr().slice(-maxCharsEach)}`,
    )
    .join('\n');
}
