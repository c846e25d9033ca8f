import { defineConfig } from 'vitest/config';

// One run over every workspace: each folder below is a project named after its package.json.
export default defineConfig({
  test: {
    projects: ['packages/*', 'prisma', 'schema', 'subgraphs/*', 'apps/*', 'bench', 'test'],
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
