import type { DocumentNode, ExecutionArgs, GraphQLError, GraphQLSchema } from 'graphql';
import { checkOperation } from './check-operation.ts';
import { createDepthLimitRule } from './create-depth-limit-rule.ts';
import type { QueryLimits } from './query-limits.ts';
import { graphqlJs } from './graphql-js.ts';
import { resolveDocument } from './resolve-document.ts';
import { scanSource } from './scan-source.ts';
import type { TrustedDocuments } from './trusted-documents.ts';

export interface SocketGuardOptions {
  limits: QueryLimits;
  introspection: boolean;
  trusted: TrustedDocuments | undefined;
  isOperator: (adminSecret: string | null | undefined) => boolean;
}

/** One graphql-ws `subscribe` message's payload, as the client sent it. */
export interface SocketOperation {
  readonly query: string;
  readonly operationName?: string | null | undefined;
  readonly variables?: Record<string, unknown> | null | undefined;
  readonly extensions?: Record<string, unknown> | null | undefined;
}

export interface SocketGuard {
  /**
   * For graphql-ws's `onSubscribe`: the same checks as HTTP (trusted documents, size, depth, cost,
   * introspection), for queries, mutations and subscriptions alike. Returns what to execute, or
   * the errors to answer with (BAD_USER_INPUT; the socket stays open).
   */
  admit(operation: SocketOperation, schema: GraphQLSchema, adminSecret: string | null | undefined): Promise<ExecutionArgs | GraphQLError[]>;
  /** The text an admitted document was parsed from: queries and mutations run through Apollo as text, so its checks and caches apply to the same document. */
  sourceOf(document: DocumentNode): string | undefined;
}

const { GraphQLError: GraphQLErrorClass, getOperationAST, parse, specifiedRules, validate } = graphqlJs;

export function createSocketGuard({ limits, introspection, trusted, isOperator }: SocketGuardOptions): SocketGuard {
  const sources = new WeakMap<DocumentNode, string>();
  const rules = [...specifiedRules, createDepthLimitRule(limits.maxDepth)];
  const refuse = (message: string, error?: GraphQLError) => [new GraphQLErrorClass(message, { nodes: error?.nodes ?? null, extensions: { code: 'BAD_USER_INPUT' } })];
  return {
    async admit(payload, schema, adminSecret) {
      const documentId = (payload as unknown as Record<string, unknown>)['documentId'];
      const resolved = await resolveDocument({ query: payload.query, documentId, extensions: payload.extensions ?? undefined }, { trusted, isOperator: () => isOperator(adminSecret) });
      if (resolved.refusal !== undefined) return refuse(resolved.refusal);
      if (resolved.query === undefined) return refuse('Send the operation in `query`, or the documentId or sha256Hash of a registered one.');
      const tooBig = scanSource(resolved.query, limits);
      if (tooBig) return refuse(tooBig);
      let document: DocumentNode;
      try {
        document = parse(resolved.query, { maxTokens: limits.maxTokens });
      } catch (error) {
        if (error instanceof GraphQLErrorClass) return refuse(error.message, error);
        throw error;
      }
      const invalid = validate(schema, document, rules);
      if (invalid.length > 0) return invalid.flatMap((error) => refuse(error.message, error));
      const operation = getOperationAST(document, payload.operationName);
      const variableValues = payload.variables ?? undefined;
      if (operation) {
        const refusal = checkOperation({ schema, document, operation, variables: variableValues, limits, introspection, isOperator: () => isOperator(adminSecret) });
        if (refusal) return refuse(refusal);
      }
      sources.set(document, resolved.query);
      return { schema, document, operationName: payload.operationName, variableValues };
    },
    sourceOf: (document) => sources.get(document),
  };
}
