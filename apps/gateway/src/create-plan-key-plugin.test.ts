import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { createPlanKeyPlugin } from './create-plan-key-plugin.ts';

/** The plan cache key @apollo/gateway reads for `query`, after the plugin has run. */
async function planKeyOf(plugin: ReturnType<typeof createPlanKeyPlugin>, query: string): Promise<string | undefined> {
  const requestContext = { queryHash: createHash('sha256').update(query).digest('hex'), request: { query } };
  const listener = await plugin.requestDidStart!(requestContext as never);
  await listener!.didResolveOperation!(requestContext as never);
  return requestContext.queryHash;
}

it('gives one plan cache key to documents that differ only in whitespace, commas and comments, and another to a different operation', async () => {
  const plugin = createPlanKeyPlugin();
  const compact = await planKeyOf(plugin, 'query Q{users{id name}}');
  expect(await planKeyOf(plugin, 'query Q {\n  users { id, name }\n}\n')).toBe(compact);
  expect(await planKeyOf(plugin, '# the same, commented\nquery Q {\n  users {\n    id # the key\n    name\n  }\n}')).toBe(compact);
  expect(await planKeyOf(plugin, 'query Q{users{id}}')).not.toBe(compact);
  expect(await planKeyOf(plugin, 'query Q{users{name id}}')).not.toBe(compact); // field order is the client's answer order
});
