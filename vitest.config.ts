import { defineConfig } from 'vitest/config';
import { inkFastOutputVite } from './scripts/ink-output-plugin.mjs';

export default defineConfig({
  // The tests render with the Output class brum ships (see scripts/ink-output-plugin.mjs). For the swap to reach
  // Ink's own imports, Ink is run through Vite instead of being loaded by Node directly.
  plugins: [inkFastOutputVite],
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Integration tests spawn real process trees; forks keep each file's signals and exit handlers isolated.
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    server: { deps: { inline: ['ink'] } },
    // The JSON report is what .ci/run counts, so a run that executed nothing is visible.
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest.json' },
  },
});
