import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../gateway-context.ts';
import { checkOperation } from './check-operation.ts';
import { graphqlJs } from './graphql-js.ts';
import type { QueryLimits } from './query-limits.ts';

export interface LimitsPluginOptions {
  limits: QueryLimits;
  introspection: boolean;
  isOperator: (adminSecret: string | null | undefined) => boolean;
}

/**
 * Refuses, once the operation is known and before anything is fetched, an operation over
 * MAX_QUERY_COST (with this request's variables) or one introspecting when INTROSPECTION is off
 * and the caller is not the operator. Depth is a validation rule instead (createDepthLimitRule):
 * it depends on the document alone, so Apollo caches it with the parsed document.
 */
export function createLimitsPlugin({ limits, introspection, isOperator }: LimitsPluginOptions): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          if (!operation) return;
          const refusal = checkOperation({ schema, document, operation, variables: request.variables, limits, introspection, isOperator: () => isOperator(contextValue.caller.adminSecret) });
          // Without a status Apollo answers 500 to what a hook throws; extensions.http carries it (Apollo
          // removes it from the response). Apollo's own GraphQLError, or it would not see the extensions.
          if (refusal) throw new graphqlJs.GraphQLError(refusal, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
        },
      };
    },
  };
}
