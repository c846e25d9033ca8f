export { createIdentityResolvers } from './resolvers.ts';
export { createIdentityService, type IdentityService } from './service.ts';
