import type { ResolvedCaller } from './resolve-caller.ts';

/** The gateway's per-request context: who is calling, and where from. */
export interface GatewayContext {
  readonly caller: ResolvedCaller;
  /** The client's address, for per-IP limits on sign-in and friends. */
  readonly clientIp: string;
}
