import { defineProject } from 'vitest/config';

// End-to-end files start whole stacks: one at a time on a two-core machine.
export default defineProject({
  test: {
    name: '@fedbase/e2e',
    include: ['architecture/**/*.test.ts', 'e2e/**/*.test.ts', 'browser/**/*.test.ts', 'chaos/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
