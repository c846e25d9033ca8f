export { createMetricsPlugin } from './create-metrics-plugin.ts';
export { handleGraphQLRequest, type HandleGraphQLRequestOptions } from './handle-graphql-request.ts';
export { BodyTooLargeError, readBody } from './read-body.ts';
export { sendGraphQLError, sendJson, sendText } from './send.ts';
export { serveRoutes, type RouteHandler } from './serve-routes.ts';
export { hasAdminSecret } from './has-admin-secret.ts';
export { discardRequestBody, type DiscardRequestBodyOptions } from './discard-request-body.ts';
export { drainHttpServer, type DrainHttpServerOptions } from './drain-http-server.ts';
