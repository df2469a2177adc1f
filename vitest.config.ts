import { defineConfig } from 'vitest/config';

// One runner for every suite. The integration suite runs twice, once per
// database engine; the harness decides per engine whether to run or skip.
// Unit and integration files run two at a time (Vitest's default is one
// fewer than the cores: one worker on these two-core machines, which left a
// core idle while a file waited on PostgreSQL); the browser suite runs after
// them, alone and one file at a time, since its files share one server.
// The integration files share their worker's module cache (isolate: false):
// each file builds its own app on its own database copy, so nothing they hold
// leaks between files, and re-importing the whole server per file cost more
// than a third of the suite's time (PostgreSQL project: 240 s → 130 s).
const intInclude = ['apps/server/src/**/*.int.test.ts', 'apps/server/test/**/*.int.test.ts'];

export default defineConfig({
  test: {
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'apps/*/test/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/*.e2e.test.ts', '**/node_modules/**'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'int-pglite',
          sequence: { groupOrder: 0 },
          include: intInclude,
          env: { TEST_ENGINE: 'pglite' },
          globalSetup: ['apps/server/test/global-setup.ts'],
          isolate: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'int-postgres',
          sequence: { groupOrder: 0 },
          include: intInclude,
          env: { TEST_ENGINE: 'postgres' },
          globalSetup: ['apps/server/test/global-setup.ts'],
          isolate: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['apps/web/e2e/**/*.e2e.test.ts'],
          globalSetup: ['apps/web/e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
