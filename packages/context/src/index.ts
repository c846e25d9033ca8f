export { createRequestContext } from './create-request-context.ts';
export { headersFromConnectionParams } from './headers-from-connection-params.ts';
export { requireProject, requireSecretKey, requireUser } from './require-caller.ts';
export type { KeyKind, ProjectCaller, RequestContext, UserCaller } from './request-context.ts';
