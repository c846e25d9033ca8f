import { describe, expect, it } from 'vitest';
import { buildSchema } from 'graphql';
import { composeSupergraph, readSupergraphSdl } from '../src/index.ts';

describe('the checked-in supergraph', () => {
  it('composes from the five subgraph SDLs without errors', () => {
    expect(() => composeSupergraph()).not.toThrow();
  });

  it('is identical to a fresh composition (run `npm run compose` when this fails)', () => {
    expect(readSupergraphSdl()).toBe(composeSupergraph());
  });

  it('has the entities and the Subscription root of the public contract', () => {
    const schema = buildSchema(readSupergraphSdl(), { assumeValidSDL: true });
    for (const type of ['User', 'Document', 'File', 'Event', 'Plan', 'Subscription']) {
      expect(schema.getType(type), type).toBeDefined();
    }
    expect(Object.keys(schema.getSubscriptionType()?.getFields() ?? {}).sort()).toEqual(['documentChanged', 'eventPublished']);
  });
});
