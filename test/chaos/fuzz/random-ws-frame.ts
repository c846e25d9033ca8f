import { operationCorpus } from './operation-corpus.ts';
import type { FuzzTargets } from './fuzz-targets.ts';
import { mutateOperation } from './mutate-operation.ts';
import type { Random } from './random.ts';
import { wrongValue } from './wrong-value.ts';

const subscriptions = (t: FuzzTargets) => [
  `subscription { documentChanged(collection: "${t.collection}") { operation document { id data owner { email } } } }`,
  'subscription ($t: String!) { eventPublished(topic: $t) { id topic payload } }',
  'subscription { eventPublished(topic: "chat.*") { id } documentChanged(collection: "posts") { operation } }',
];

function connectionInit(random: Random, t: FuzzTargets): unknown {
  const payload = random.pick<unknown>([
    { 'x-api-key': t.publishableKey }, { 'x-api-key': t.secretKey }, { 'x-api-key': t.publishableKey, authorization: `Bearer ${t.accessToken}` },
    { 'x-api-key': 'garbage' }, { authorization: 'Bearer x.y.z' }, { 'x-api-key': 5 }, { 'x-api-key': [t.publishableKey] }, 'payload', 7, null, [], wrongValue(random),
  ]);
  return { type: 'connection_init', ...(random.chance(0.9) ? { payload } : {}) };
}

/** The id of a subscribe: usually a fresh one, sometimes a repeat, huge or of the wrong type. */
function messageId(random: Random, used: string[]): unknown {
  if (used.length && random.chance(0.2)) return random.pick(used);
  if (random.chance(0.1)) return random.pick<unknown>(['x'.repeat(random.int(1_000, 100_000)), 7, null, '', { id: 1 }, '__proto__']);
  const id = random.string(random.int(1, 12), 'abcdef0123456789');
  used.push(id);
  return id;
}

/** One graphql-ws frame, well formed or not; `used` collects ids to repeat later. */
export function randomWsFrame(random: Random, t: FuzzTargets, used: string[]): string | Buffer {
  switch (random.int(0, 9)) {
    case 0:
      return JSON.stringify(connectionInit(random, t));
    case 1:
    case 2: {
      const query = random.chance(0.6) ? random.pick(subscriptions(t)) : random.pick(operationCorpus(t)).query;
      const op = random.chance(0.5) ? { query, variables: { t: 'chat.*' }, operationName: undefined } : mutateOperation(random, { query, variables: { t: 'chat.*' }, as: 'publishable' });
      return JSON.stringify({ id: messageId(random, used), type: 'subscribe', payload: random.chance(0.9) ? op : wrongValue(random) });
    }
    case 3:
      return JSON.stringify({ id: random.chance(0.7) && used.length ? random.pick(used) : messageId(random, used), type: 'complete' });
    case 4:
      return JSON.stringify({ type: random.pick(['ping', 'pong']), ...(random.chance(0.5) ? { payload: wrongValue(random) } : {}) });
    case 5:
      return JSON.stringify({ type: random.pick(['next', 'error', 'connection_ack', 'start', 'stop', 'connection_terminate', '', 'SUBSCRIBE', null, 5]), id: '1', payload: wrongValue(random) });
    case 6:
      return random.pick(['{', 'not json', '', 'null', '[]', '"subscribe"', '{"type":', JSON.stringify(wrongValue(random)), '\uFEFF{"type":"ping"}']);
    case 7:
      return random.bytes(random.int(0, 200));
    case 8:
      return JSON.stringify({ type: 'subscribe', id: messageId(random, used) });
    default:
      return JSON.stringify({ type: 'subscribe', id: messageId(random, used), payload: { query: random.pick(subscriptions(t)), variables: wrongValue(random), extensions: wrongValue(random) } });
  }
}
