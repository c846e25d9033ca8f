import { defineProject } from 'vitest/config';

export default defineProject({ test: { name: '@fedbase/bench' } });
