import { createRequire } from 'node:module';

/**
 * graphql-js as @apollo/server, @apollo/gateway and graphql-ws load it: its CommonJS build.
 * graphql-js refuses a schema or treats an error as foreign when it comes from another copy of
 * itself ("from another module or realm"), and a test runner or bundler may give ESM code the
 * `.mjs` build instead. What touches the gateway's schema or hands errors to those libraries goes
 * through this one; AST kinds and the lexer are plain data and may come from either.
 */
export const graphqlJs: typeof import('graphql') = createRequire(import.meta.url)('graphql');
