import { readSubgraphSdl } from '@fedbase/schema';
import { Kind, parse } from 'graphql';

/** The root fields billing owns: a project over its monthly quota can still read its usage and upgrade. */
export function billingRootFields(): ReadonlySet<string> {
  const fields = new Set<string>();
  for (const definition of parse(readSubgraphSdl('billing')).definitions) {
    if ((definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.OBJECT_TYPE_EXTENSION) && (definition.name.value === 'Query' || definition.name.value === 'Mutation')) {
      for (const field of definition.fields ?? []) fields.add(field.name.value);
    }
  }
  return fields;
}
