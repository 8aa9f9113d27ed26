import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// Nest relies on decorator metadata, which esbuild does not emit: compile tests with SWC.
const decorators = swc.vite({
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2023',
  },
});

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [decorators],
        test: { name: 'unit', include: ['src/**/*.spec.ts', 'client/src/**/*.spec.ts', 'client/widget/**/*.spec.ts'], environment: 'node' },
      },
      {
        plugins: [decorators],
        test: {
          name: 'medium',
          include: ['test/medium/**/*.test.ts'],
          environment: 'node',
          // Each suite boots real apps against MariaDB and Redis: two at a time suits 2 cores.
          maxWorkers: 2,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        plugins: [decorators],
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        plugins: [decorators],
        test: {
          name: 'cluster',
          include: ['test/cluster/**/*.cluster.test.ts'],
          environment: 'node',
          // Each file starts a whole cluster (5 app processes and HAProxy): one file at a time.
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
