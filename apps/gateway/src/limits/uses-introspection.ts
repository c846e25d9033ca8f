import { Kind, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

/**
 * Whether an operation asks for `__schema` or `__type` anywhere, fragments included (`__typename`
 * is not introspection: clients need it to tell union members apart). Each fragment is looked
 * into once, so cycles end.
 */
export function usesIntrospection(document: DocumentNode, operation: OperationDefinitionNode): boolean {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const seen = new Set<string>();
  const inSet = (selectionSet: SelectionSetNode): boolean =>
    selectionSet.selections.some((selection) => {
      if (selection.kind === Kind.FIELD) {
        return selection.name.value === '__schema' || selection.name.value === '__type' || (selection.selectionSet !== undefined && inSet(selection.selectionSet));
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) return inSet(selection.selectionSet);
      if (seen.has(selection.name.value)) return false;
      seen.add(selection.name.value);
      const fragment = fragments.get(selection.name.value);
      return fragment !== undefined && inSet(fragment.selectionSet);
    });
  return inSet(operation.selectionSet);
}
