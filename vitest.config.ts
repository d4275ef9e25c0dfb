import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Integration tests spawn real process trees; forks keep each file's signals and exit handlers isolated.
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The JSON report is what .ci/run counts, so a run that executed nothing is visible.
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest.json' },
  },
});
