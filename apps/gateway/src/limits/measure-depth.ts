import { Kind, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

/**
 * How many selection sets an operation nests, fragments expanded: `{ me { id } }` is 2. Each
 * fragment is measured once (a document may spread the same fragment thousands of times) and a
 * fragment met again while it is being measured counts 0, so a cycle (refused by validation
 * anyway) cannot recurse forever. Recursion follows the document's nesting, which scanSource bounds.
 */
export function measureDepth(document: DocumentNode, operation: OperationDefinitionNode): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const measured = new Map<string, number>();
  const depthOf = (selectionSet: SelectionSetNode): number => {
    let deepest = 0;
    for (const selection of selectionSet.selections) {
      let depth = 0;
      if (selection.kind === Kind.FIELD) depth = 1 + (selection.selectionSet ? depthOf(selection.selectionSet) : 0);
      else if (selection.kind === Kind.INLINE_FRAGMENT) depth = depthOf(selection.selectionSet);
      else {
        const name = selection.name.value;
        const known = measured.get(name);
        if (known !== undefined) depth = known;
        else {
          measured.set(name, 0);
          const fragment = fragments.get(name);
          depth = fragment ? depthOf(fragment.selectionSet) : 0;
          measured.set(name, depth);
        }
      }
      if (depth > deepest) deepest = depth;
    }
    return deepest;
  };
  return depthOf(operation.selectionSet);
}
