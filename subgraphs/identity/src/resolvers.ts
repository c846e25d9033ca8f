import { requireProject, type RequestContext } from '@fedbase/context';
import type { SubgraphResolvers } from '@fedbase/subgraph-server';
import type { IdentityService } from './service.ts';

export function createIdentityResolvers(service: IdentityService): SubgraphResolvers {
  return {
    User: {
      __resolveReference: (reference: { id: string }, context: RequestContext) =>
        service.findUser(requireProject(context).id, reference.id),
    },
  };
}
