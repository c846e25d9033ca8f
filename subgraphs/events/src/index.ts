export { parseEventsConfig, type EventsConfig } from './events-config.ts';
export { createEventsRoutes } from './http.ts';
export { createEventsResolvers } from './resolvers.ts';
export { createEventsService, type EventsService, type EventsServiceOptions } from './service.ts';
