import { Errors } from '@fedbase/errors';
import type { FieldDefinition } from '../collections/field-definition.ts';
import { parseIsoDateTime } from '../query/parse-iso-date-time.ts';

export type DocumentData = Record<string, unknown>;

/** The largest document accepted, serialized: big blobs belong in files. */
const maxDocumentBytes = 256 * 1024;

/**
 * `data` checked against the collection's fields and normalized (DATETIME to ISO-8601 UTC, so text
 * order is time order). Unknown keys are refused: a typo must not silently become a new field.
 */
export function validateDocument(data: unknown, fields: readonly FieldDefinition[]): DocumentData {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw Errors.badUserInput('A document is a JSON object of field values, e.g. {"title": "Hello"}.', { field: 'data' });
  }
  const byName = new Map(fields.map((field) => [field.name, field]));
  const normalized: DocumentData = {};
  for (const [name, value] of Object.entries(data)) {
    const field = byName.get(name);
    if (!field) {
      throw Errors.badUserInput(`"${name.slice(0, 80)}" is not a field of this collection; its fields are ${fields.map((f) => f.name).join(', ')}.`, { field: name });
    }
    if (value === null) continue; // null clears an optional field
    normalized[name] = checkValue(field, value);
  }
  for (const field of fields) {
    if (field.required && normalized[field.name] === undefined) {
      throw Errors.badUserInput(`"${field.name}" is required.`, { field: field.name });
    }
  }
  if (Buffer.byteLength(JSON.stringify(normalized)) > maxDocumentBytes) {
    throw Errors.badUserInput(`The document is larger than ${maxDocumentBytes / 1024} KiB; store large content as a file.`, { field: 'data' });
  }
  return normalized;
}

function checkValue(field: FieldDefinition, value: unknown): unknown {
  const wrong = (expected: string) =>
    Errors.badUserInput(`"${field.name}" must be ${expected}, not ${JSON.stringify(value)?.slice(0, 60)}.`, { field: field.name });
  switch (field.type) {
    case 'STRING':
      if (typeof value !== 'string') throw wrong('a string');
      return value;
    case 'INT':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw wrong('an integer');
      return value;
    case 'FLOAT':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw wrong('a number');
      return value;
    case 'BOOLEAN':
      if (typeof value !== 'boolean') throw wrong('true or false');
      return value;
    case 'DATETIME': {
      // The same reading as filters use, so a stored value can always be found again.
      const time = typeof value === 'string' ? parseIsoDateTime(value) : null;
      if (!time) throw wrong('an ISO-8601 date or date-time with a zone, like 2026-01-31T09:30:00Z');
      return time.toISOString();
    }
    case 'JSON':
      return value;
  }
}
