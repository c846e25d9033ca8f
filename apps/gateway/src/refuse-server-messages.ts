import type { WebSocket } from 'ws';

/** graphql-transport-ws messages only a server sends. */
const serverOnly = new Set(['connection_ack', 'next', 'error']);

function serverOnlyType(data: unknown): string | undefined {
  try {
    const type = (JSON.parse(String(data)) as { type?: unknown } | null)?.type;
    return typeof type === 'string' && serverOnly.has(type) ? type : undefined;
  } catch {
    return undefined; // not JSON: graphql-ws answers that with 4400 itself
  }
}

/**
 * graphql-ws treats a client sending a server's message as its own failure: it logs an internal
 * error and closes with 4500. It is the client's mistake, so such a message is kept from
 * graphql-ws and the socket closed with 4400 (bad request), naming it.
 */
export function refuseServerMessages(socket: WebSocket): void {
  const emit = socket.emit.bind(socket);
  socket.emit = ((event: string | symbol, ...args: unknown[]) => {
    const type = event === 'message' ? serverOnlyType(args[0]) : undefined;
    if (!type) return emit(event, ...args);
    socket.close(4400, `Clients do not send "${type}" messages`);
    return true;
  }) as typeof socket.emit;
}
