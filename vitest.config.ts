import { defineConfig } from 'vitest/config';

// Three projects so CI can rerun only the integration suite against PostgreSQL.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'tracker/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: ['tracker/**/*.browser.test.ts'],
          environment: 'node',
          // Rendering documents and fitting models take a few seconds on 2 busy cores; timings are benches' job.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          // Tests that spawn the CLI start Node and open PGlite several times.
          testTimeout: 90_000,
          hookTimeout: 90_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/e2e/**/*.test.ts', 'tracker/**/*.browser.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
