import type { FuzzRequest } from './fuzz-request.ts';
import type { FuzzTargets } from './fuzz-targets.ts';
import { graphqlRequest } from './graphql-request.ts';
import { mutateOperation } from './mutate-operation.ts';
import { operationCorpus } from './operation-corpus.ts';
import { pathologicalDocument } from './pathological-documents.ts';
import { randomCredentials } from './random-credentials.ts';
import { randomGraphqlHttp } from './random-graphql-http.ts';
import { randomRouteRequest } from './random-route-request.ts';
import type { Random } from './random.ts';

/**
 * The next fuzzed request: half mutated real operations (a few sent unmutated as a control), a
 * handful of pathological documents, and the rest random HTTP against /graphql and every other route.
 * Requests come from one generator in order, so a seed replays the same list whatever the concurrency.
 */
export function createRequestGenerator(random: Random, targets: FuzzTargets): () => FuzzRequest {
  const corpus = operationCorpus(targets);
  return () => {
    const roll = random.next();
    if (roll < 0.5) {
      const source = random.pick(corpus);
      const op = roll < 0.05 ? { query: source.query, variables: source.variables, operationName: source.operationName } : mutateOperation(random, source);
      return graphqlRequest(random, roll < 0.05 ? 'valid operation' : 'mutated operation', op, randomCredentials(random, targets, source.as));
    }
    if (roll < 0.505) {
      const op = { query: pathologicalDocument(random, targets.collection), variables: undefined, operationName: undefined };
      return graphqlRequest(random, 'pathological document', op, randomCredentials(random, targets, 'publishable'));
    }
    return roll < 0.75 ? randomGraphqlHttp(random, targets) : randomRouteRequest(random, targets);
  };
}
