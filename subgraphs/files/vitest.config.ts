import { defineProject } from 'vitest/config';

export default defineProject({ test: { name: '@fedbase/subgraph-files', testTimeout: 60_000, hookTimeout: 60_000 } });
