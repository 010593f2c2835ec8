import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // graphql ships CJS (.js) and ESM (.mjs) builds; load one, or type-graphql and Apollo see two realms.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    // Test files mostly wait on PostgreSQL, sockets and the browser, not the CPU: four at a time on
    // two cores ran the suite in 173 s against 252 s with the default (one per core).
    maxWorkers: 4,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
