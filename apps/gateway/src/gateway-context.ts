import type { ResolvedCaller } from './resolve-caller.ts';

/** The gateway's per-request context: who is calling, and where from. */
export interface GatewayContext {
  readonly caller: ResolvedCaller;
  /** The client's address, for per-IP limits on sign-in and friends. */
  readonly clientIp: string;
  /** The HTTP layer already took this request's token from the project's rate-limit bucket. */
  readonly rateLimitTaken?: boolean;
}
