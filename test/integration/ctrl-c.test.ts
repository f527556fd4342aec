import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPidAlive, sandboxPaths } from '../../main/connection/sandbox.js';
import { startNodeProcess } from '../harness/node-process.js';

// A terminal's Ctrl-C sends SIGINT to every process of the foreground group: the node and,
// unless it has a group of its own, the sandbox redis-server the node started.
describe('Ctrl-C in the terminal of a node on the sandbox', () => {
  it('shuts the node down against its sandbox, then stops the sandbox', async () => {
    const home = await mkdtemp(join(tmpdir(), 'dipper-ctrl-c-'));
    try {
      const node = await startNodeProcess({ args: [], home, ownProcessGroup: true });
      const state = JSON.parse(await readFile(sandboxPaths(home).state, 'utf8')) as {
        pid: number;
      };
      expect(isPidAlive(state.pid)).toBe(true);

      process.kill(-node.pid, 'SIGINT');
      // A hung node gets SIGKILL after 20 s, and the test sees that signal.
      const timer = setTimeout(() => node.child.kill('SIGKILL'), 20_000);
      const exit = await node.exited;
      clearTimeout(timer);

      expect(exit).toEqual({ code: 0, signal: null });
      expect(node.stderr()).toContain('"msg":"sandbox stopped"');
      expect(isPidAlive(state.pid)).toBe(false);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});
