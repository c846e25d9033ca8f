export { createDataResolvers } from './resolvers.ts';
export { createDataService, type DataService, type DocumentRecord } from './service.ts';
