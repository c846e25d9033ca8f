import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { measureCost } from './measure-cost.ts';
import type { QueryLimits } from './query-limits.ts';
import { usesIntrospection } from './uses-introspection.ts';

export interface CheckOperationOptions {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables: Readonly<Record<string, unknown>> | undefined;
  limits: QueryLimits;
  /** INTROSPECTION: false refuses `__schema` and `__type` to everyone but the operator. */
  introspection: boolean;
  isOperator: () => boolean;
}

/**
 * What is checked per request rather than per document: the cost depends on the variables
 * (`first: $n`) and introspection on who is calling. Returns the refusal's message, if any.
 */
export function checkOperation({ schema, document, operation, variables, limits, introspection, isOperator }: CheckOperationOptions): string | undefined {
  if (!introspection && usesIntrospection(document, operation) && !isOperator()) {
    return 'Introspection (__schema, __type) is off on this gateway (INTROSPECTION=false): use the published SDL instead. __typename still works.';
  }
  const cost = measureCost({ schema, document, operation, variables, defaultListSize: limits.defaultListSize });
  if (cost > limits.maxCost) {
    return `This ${operation.operation} costs ${cost}; the limit is ${limits.maxCost} (MAX_QUERY_COST). Ask for fewer items (first/last/limit), fewer aliases or fewer nested lists, or split it.`;
  }
  return undefined;
}
