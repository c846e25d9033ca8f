import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface TcpTarget {
  readonly host: string;
  readonly port: number;
}

export interface StartTcpProxyOptions {
  /** Where connections go, round robin; a target that refuses is skipped for the next one. */
  targets: readonly TcpTarget[];
  /** @default 0 (a free port) */
  port?: number;
}

export interface TcpProxy {
  /** The loopback port clients connect to (kept across cut() and restore()). */
  readonly port: number;
  /** Connections accepted since start, by target index. */
  readonly connections: readonly number[];
  /**
   * Drops every open connection and refuses new ones until restore(): what clients see of a
   * database, Redis or instance that restarts (resets, then ECONNREFUSED).
   */
  cut(): Promise<void>;
  /** Accepts connections again, on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A loopback TCP proxy for fault injection and load balancing in tests: in front of two gateways
 * it is the load balancer (round robin, the next target when one refuses, as nginx's
 * `proxy_next_upstream error` does); in front of PostgreSQL or Redis it is the switch that makes
 * them "restart" for one test without touching the server every other test uses.
 */
export async function startTcpProxy({ targets, port = 0 }: StartTcpProxyOptions): Promise<TcpProxy> {
  if (targets.length === 0) throw new TypeError('a proxy needs at least one target');
  const open = new Set<Socket>();
  const connections = targets.map(() => 0);
  let next = 0;

  const pipeTo = (client: Socket, first: number, attempt: number) => {
    if (attempt >= targets.length) {
      client.destroy();
      return;
    }
    const index = (first + attempt) % targets.length;
    const target = targets[index]!;
    const upstream = connect(target.port, target.host);
    open.add(upstream);
    upstream.once('close', () => open.delete(upstream));
    let connected = false;
    upstream.once('connect', () => {
      connected = true;
      connections[index]! += 1;
      client.pipe(upstream).pipe(client);
      client.resume();
      // Either side going away ends both, as a real connection through a balancer would.
      upstream.once('close', () => client.destroy());
      client.once('close', () => upstream.destroy());
    });
    upstream.on('error', () => {
      if (!connected && !client.destroyed) pipeTo(client, first, attempt + 1);
    });
  };

  const onConnection = (client: Socket) => {
    open.add(client);
    client.once('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    client.pause();
    pipeTo(client, next, 0);
    next = (next + 1) % targets.length;
  };

  let server: Server = createServer(onConnection);
  const listen = (onPort: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(onPort, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
    });
  const boundPort = await listen(port);
  let listening = true;

  const stopListening = async () => {
    if (!listening) return;
    listening = false;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of open) socket.destroy();
    await closed;
  };

  return {
    port: boundPort,
    connections,
    cut: stopListening,
    async restore() {
      if (listening) return;
      server = createServer(onConnection);
      await listen(boundPort);
      listening = true;
    },
    close: stopListening,
  };
}
