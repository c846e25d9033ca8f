import { Kind, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type GraphQLField, type GraphQLNamedType, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { graphqlJs } from './graphql-js.ts';

const { getNamedType, getNullableType, isInterfaceType, isListType, isObjectType, valueFromAST, valueFromASTUntyped, SchemaMetaFieldDef, TypeMetaFieldDef, TypeNameMetaFieldDef } = graphqlJs;

/**
 * Introspection is answered by the gateway from its schema, no subgraph asked: the first lists it
 * nests (the standard introspection query's `types { fields { args` ) count once, so the explorer
 * loads; deeper ones, which only amplification queries (`types { fields { type { fields ...`)
 * reach, multiply as any list does.
 */
const introspectionListsFree = 3;

/** Arguments that say how many items a list field returns. */
const sizeArguments = ['first', 'last', 'limit'] as const;

export interface MeasureCostOptions {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables?: Readonly<Record<string, unknown>> | undefined;
  /** The size assumed for a list field without a size argument, or with one left out. */
  defaultListSize: number;
}

/**
 * An operation's cost: every field (and every alias of it) costs 1, times the sizes of the lists
 * it sits in. A field taking `first`/`last`/`limit` multiplies what it selects by that value
 * (literal or variable); lists directly under such a field (a connection's `edges`) are the same
 * page and do not multiply again; any other list multiplies by `defaultListSize`. So
 * `documents(first: 100) { edges { node { id } } }` costs 1 + 100 * (1 + 1 * (1 + 1)) = 301.
 * Introspection: see introspectionListsFree. Fragments are costed once per context, so spreading one a thousand times does
 * not cost a thousand walks; a fragment met again while being costed counts 0 (a cycle).
 */
export function measureCost({ schema, document, operation, variables = {}, defaultListSize }: MeasureCostOptions): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const costed = new Map<string, number>();
  // Apollo hands over the variables as sent: a default in the operation applies when one is left out.
  const values: Record<string, unknown> = { ...variables };
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (values[name] === undefined && definition.defaultValue) values[name] = valueFromASTUntyped(definition.defaultValue);
  }

  const sizeOf = (field: FieldNode, definition: GraphQLField<unknown, unknown> | undefined, paged: boolean): { size: number; pages: boolean } => {
    for (const name of sizeArguments) {
      const argument = definition?.args.find((arg) => arg.name === name);
      if (!argument) continue;
      const node = field.arguments?.find((arg) => arg.name.value === name);
      const value: unknown = node ? valueFromAST(node.value, argument.type, values) : undefined;
      const size = typeof value === 'number' && Number.isFinite(value) ? Math.max(0, Math.floor(value)) : defaultListSize;
      return { size, pages: true };
    }
    return { size: isList(definition) && !paged ? defaultListSize : 1, pages: false };
  };

  /** `paged`: directly under a field that took a size argument. `lists`: nested lists inside introspection (-1 outside). */
  const costOf = (selectionSet: SelectionSetNode, parentType: GraphQLNamedType | undefined, paged: boolean, lists: number): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        const definition = fieldDefinition(schema, parentType, name);
        let { size, pages } = sizeOf(selection, definition, paged);
        let childLists = name === '__schema' || name === '__type' ? 0 : lists;
        if (childLists >= 0 && isList(definition)) {
          childLists++;
          size = childLists <= introspectionListsFree ? 1 : defaultListSize;
        }
        const childType = definition ? getNamedType(definition.type) : undefined;
        total += 1 + (selection.selectionSet ? size * costOf(selection.selectionSet, childType, pages, childLists) : 0);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parentType;
        total += costOf(selection.selectionSet, type, paged, lists);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment) continue;
        const key = `${selection.name.value}:${paged}:${lists}`;
        let cost = costed.get(key);
        if (cost === undefined) {
          costed.set(key, 0);
          cost = costOf(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value), paged, lists);
          costed.set(key, cost);
        }
        total += cost;
      }
    }
    return total;
  };

  return costOf(operation.selectionSet, schema.getRootType(operation.operation) ?? undefined, false, -1);
}

function isList(definition: GraphQLField<unknown, unknown> | undefined): boolean {
  return definition !== undefined && isListType(getNullableType(definition.type));
}

function fieldDefinition(schema: GraphQLSchema, parentType: GraphQLNamedType | undefined, name: string): GraphQLField<unknown, unknown> | undefined {
  if (name === '__typename') return TypeNameMetaFieldDef;
  if (parentType === schema.getQueryType()) {
    if (name === '__schema') return SchemaMetaFieldDef;
    if (name === '__type') return TypeMetaFieldDef;
  }
  return isObjectType(parentType) || isInterfaceType(parentType) ? parentType.getFields()[name] : undefined;
}
