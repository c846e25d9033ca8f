import { FedbaseError } from '@fedbase/errors';
import { GraphQLObjectType, type GraphQLSchema } from 'graphql';

/**
 * The SDL already has the whole public contract, so composition and clients see its final shape;
 * root fields whose behaviour has not landed answer with a clear error instead of a confusing
 * "cannot return null".
 */
export function answerMissingRootFields(schema: GraphQLSchema): GraphQLSchema {
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (!(root instanceof GraphQLObjectType)) continue;
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
