import { FedbaseError } from '@fedbase/errors';
import type { GraphQLObjectType, GraphQLSchema } from 'graphql';

/**
 * The SDL already has the whole public contract, so composition and clients see its final shape;
 * root fields whose behaviour has not landed answer with a clear error instead of a confusing
 * "cannot return null".
 */
export function answerMissingRootFields(schema: GraphQLSchema): GraphQLSchema {
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (!isObjectTypeInAnyRealm(root)) continue;
    for (const field of Object.values(root.getFields())) {
      if (field.resolve || field.subscribe || field.name.startsWith('_')) continue;
      const message = `${root.name}.${field.name} is not available in this version of Fedbase yet.`;
      const refuse = () => {
        throw new FedbaseError({ code: 'INTERNAL', message });
      };
      if (root === schema.getSubscriptionType()) field.subscribe = refuse;
      else field.resolve = refuse;
    }
  }
  return schema;
}

/** Not `instanceof`: @apollo/subgraph may build the schema with another copy of graphql-js (see enforceAccessDirectives). */
function isObjectTypeInAnyRealm(type: unknown): type is GraphQLObjectType {
  return Object.prototype.toString.call(type) === '[object GraphQLObjectType]';
}
