import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    env: { DIPPER_LOG_LEVEL: process.env.DIPPER_LOG_LEVEL ?? 'warn' },
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests start real redis-server processes and node processes; two cores.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
