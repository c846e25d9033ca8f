import { Errors } from '@fedbase/errors';

export type FieldType = 'STRING' | 'INT' | 'FLOAT' | 'BOOLEAN' | 'DATETIME' | 'JSON';

export interface FieldDefinition {
  readonly name: string;
  readonly type: FieldType;
  readonly required: boolean;
}

const fieldTypes: ReadonlySet<string> = new Set(['STRING', 'INT', 'FLOAT', 'BOOLEAN', 'DATETIME', 'JSON']);
/** Field names become JSON keys and parts of index expressions: keep them plain identifiers. */
export const fieldNamePattern = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
/** Names the API already uses beside `data`: filters and sorts on them mean the columns. */
const reservedNames = new Set(['id', 'createdAt', 'updatedAt', 'ownerId', 'version']);

/** The collection's fields as given to createCollection, checked; BAD_USER_INPUT names the problem. */
export function parseFields(input: readonly { name: string; type: string; required?: boolean | null }[]): FieldDefinition[] {
  if (input.length === 0) throw Errors.badUserInput('Declare at least one field.', { field: 'fields' });
  if (input.length > 100) throw Errors.badUserInput('A collection has at most 100 fields.', { field: 'fields' });
  const seen = new Set<string>();
  return input.map(({ name, type, required }) => {
    if (!fieldNamePattern.test(name)) {
      throw Errors.badUserInput(`"${name.slice(0, 80)}" is not a field name: use letters, digits and _, starting with a letter or _ (up to 63).`, { field: 'fields' });
    }
    if (reservedNames.has(name)) throw Errors.badUserInput(`"${name}" is reserved for the document itself; pick another field name.`, { field: 'fields' });
    if (seen.has(name)) throw Errors.badUserInput(`The field "${name}" is declared twice.`, { field: 'fields' });
    if (!fieldTypes.has(type)) throw Errors.badUserInput(`"${type}" is not a field type.`, { field: 'fields' });
    seen.add(name);
    return { name, type: type as FieldType, required: required ?? false };
  });
}
