export { createDataResolvers } from './resolvers.ts';
export { createDataService, type DataService } from './service.ts';
export { createDataRoutes } from './http.ts';
