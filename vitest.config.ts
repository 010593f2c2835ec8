import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // graphql ships CJS (.js) and ESM (.mjs) builds; load one, or type-graphql and Apollo see two realms.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/each-test.ts'],
    pool: 'forks',
    // Test files mostly wait on PostgreSQL, sockets and the browser, not the CPU: four at a time on
    // two cores ran the suite in 173 s against 252 s with the default (one per core).
    maxWorkers: 4,
    // Each file used to load the whole server afresh (type-graphql, TypeORM, Apollo: seconds per
    // file, far more on a loaded machine). Measured on this 2-core machine, 102 files: isolated
    // 1,495 s wall of which 1,786 s summed import; not isolated 499 s wall, 54 s import, the same
    // 1,089 tests passing. Files share a worker's modules, not their state: each starts its own
    // servers on its own database and stops them.
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
