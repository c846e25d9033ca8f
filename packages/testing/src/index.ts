export { createTestDatabase, type TestDatabase } from './create-test-database.ts';
export { startStack, type RunningStack, type StackProject, type StartStackOptions } from './start-stack.ts';
