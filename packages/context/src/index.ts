export { adminActor, auditActor, type AuditActor } from './audit-actor.ts';
export { createRequestContext } from './create-request-context.ts';
export { bearerToken, createCallerVerifier, type CallerVerifier, type CallerVerifierOptions } from './create-caller-verifier.ts';
export { createRemoteKeySet } from './create-remote-key-set.ts';
export { headersFromConnectionParams } from './headers-from-connection-params.ts';
export { hasScope, requireProject, requireSecretKey, requireUser } from './require-caller.ts';
export { isSaneRequestId } from './request-id.ts';
export type { KeyKind, ProjectCaller, RequestContext, UserCaller } from './request-context.ts';
export {
  defaultTokenIssuer,
  projectTokenHeader,
  signingAlgorithm,
  tokenTypes,
  type AccessTokenClaims,
  type ProjectTokenClaims,
} from './token-claims.ts';
