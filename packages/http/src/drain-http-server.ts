import { Server as NetServer } from 'node:net';
import type { Server } from 'node:http';

export interface DrainHttpServerOptions {
  /**
   * How long an idle keep-alive connection may still bring a request (answered, then closed)
   * before it is closed. A busy client sends on each of its connections well within it and gets
   * them closed cleanly; a connection idle that long is unlikely to be used at the very moment it
   * closes. (Waiting out the whole keep-alive timeout, 5 s, would make every stop that long.)
   * @default 1_000
   */
  idleGraceMs?: number;
  /** Connections still busy after this are cut. @default 30_000 */
  forceAfterMs?: number;
}

/**
 * Stops an HTTP server without failing a request: it stops accepting connections, answers every
 * request in flight or still arriving on an open connection with `Connection: close`, and only
 * then closes idle connections. `server.close()` closes idle keep-alive connections at once, and a
 * request a client sends on one at that moment is lost (the client sees a reset, and does not
 * retry a POST).
 */
export function drainHttpServer(server: Server, { idleGraceMs = 1_000, forceAfterMs = 30_000 }: DrainHttpServerOptions = {}): Promise<void> {
  server.prependListener('request', (_req, res) => {
    res.shouldKeepAlive = false;
  });
  const closed = new Promise<void>((resolve) => {
    // net's close: stop accepting, without http's closing of idle connections.
    NetServer.prototype.close.call(server, () => resolve());
  });
  const idle = setTimeout(() => server.closeIdleConnections(), idleGraceMs);
  const force = setTimeout(() => server.closeAllConnections(), forceAfterMs);
  idle.unref();
  force.unref();
  return closed.finally(() => {
    clearTimeout(idle);
    clearTimeout(force);
  });
}
