export { createIdentityRoutes } from './http.ts';
export { parseIdentityConfig, type IdentityConfig } from './identity-config.ts';
export { createIdentityResolvers } from './resolvers.ts';
export { createIdentityService, type IdentityService, type IdentityServiceOptions } from './service.ts';
