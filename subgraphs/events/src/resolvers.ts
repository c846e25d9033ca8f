import { requireProject, type RequestContext } from '@fedbase/context';
import type { SubgraphResolvers } from '@fedbase/subgraph-server';
import type { EventsService } from './service.ts';

export function createEventsResolvers(service: EventsService): SubgraphResolvers {
  return {
    Event: {
      __resolveReference: (reference: { id: string }, context: RequestContext) => service.findEvent(requireProject(context).id, reference.id),
    },
  };
}
