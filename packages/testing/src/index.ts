export { createTestDatabase, type TestDatabase } from './create-test-database.ts';
export { startStack, type RunningStack, type StackProject, type StartStackOptions } from './start-stack.ts';
export { startS3rver, type RunningS3rver } from './start-s3rver.ts';
export { startTcpProxy, type StartTcpProxyOptions, type TcpProxy, type TcpTarget } from './start-tcp-proxy.ts';
