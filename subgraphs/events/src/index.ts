export { createEventsResolvers } from './resolvers.ts';
export { createEventsService, type EventsService } from './service.ts';
