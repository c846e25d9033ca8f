import type { IncomingHttpHeaders } from 'node:http';

/** The gateway's per-request context: the caller's headers, to forward to subgraphs. */
export interface GatewayContext {
  readonly headers: Readonly<IncomingHttpHeaders | Record<string, string>>;
}
