import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@fedbase/gateway',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
