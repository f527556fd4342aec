import { onTestFailed } from 'vitest';
import { formatNodeLogs, type NodeProcess } from '../../harness/node-process.js';

/** Call inside a test: prints the logs of `nodes()` (read at failure time) if the test fails. */
export function printNodeLogsOnFailure(nodes: () => readonly NodeProcess[]): void {
  onTestFailed(() => {
    process.stderr.write(`${formatNodeLogs(nodes())}\n`);
  });
}
