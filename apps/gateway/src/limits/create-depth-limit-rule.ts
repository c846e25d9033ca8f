import type { ValidationRule } from 'graphql';
import { graphqlJs } from './graphql-js.ts';
import { measureDepth } from './measure-depth.ts';

/**
 * A validation rule refusing operations nested deeper than `maxDepth`. A rule, not a per-request
 * check: depth depends on the document only, and Apollo caches a document with its validation.
 */
export function createDepthLimitRule(maxDepth: number): ValidationRule {
  return (context) => ({
    OperationDefinition(operation) {
      const depth = measureDepth(context.getDocument(), operation);
      if (depth > maxDepth) {
        context.reportError(
          new graphqlJs.GraphQLError(`This ${operation.operation} is ${depth} levels deep; the limit is ${maxDepth} (MAX_QUERY_DEPTH). Split it or ask for fewer nested fields.`, { nodes: [operation] }),
        );
      }
      return false;
    },
    // Fragments are measured where operations spread them.
    FragmentDefinition: () => false,
  });
}
