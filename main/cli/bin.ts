import { main } from './run.js';

// Short commands print results and their own errors, not progress or connection warnings; a
// node logs what it does.
if (
  process.env.DIPPER_LOG_LEVEL === undefined &&
  !['node', 'serve'].includes(process.argv[2] ?? '')
) {
  process.env.DIPPER_LOG_LEVEL = 'error';
}

const code = await main(process.argv);
process.exitCode = code;
// Open handles (a Redis client mid-reconnect) must not keep a finished command alive; the
// unref'd timer fires only when something else still holds the event loop.
setTimeout(() => process.exit(code), 100).unref();
