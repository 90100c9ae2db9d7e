import { defineConfig } from 'vitest/config';

const report = process.env.SHIPYARD_TEST_REPORT;

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Tests spawn git, shells, servers and tmux on a 2-core machine: keep parallelism modest.
    maxWorkers: 2,
    reporters: report ? ['default', ['json', { outputFile: report }]] : ['default'],
  },
});
