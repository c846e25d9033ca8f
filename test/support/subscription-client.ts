import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { Caller } from './identity-client.ts';

export interface Received {
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export interface LiveSubscription {
  /** Every result received so far, in order. */
  readonly results: Received[];
  /** Set when the server completed the operation (or sent an `error` message). */
  readonly ended: Promise<void>;
  /** The errors of an `error` message (a refused operation), if one came. */
  readonly refusal: unknown;
  /** Resolves with the first result that `match` accepts (default: any), rejecting after `timeoutMs`. */
  next(match?: (result: Received) => boolean, timeoutMs?: number): Promise<Received>;
  close(): void;
}

/** A graphql-ws client of the gateway, as an app would open one. */
export function connect(gatewayUrl: string, caller: Caller = {}): Client {
  const connectionParams: Record<string, string> = {};
  if (caller.key) connectionParams['x-api-key'] = caller.key;
  if (caller.token) connectionParams['authorization'] = `Bearer ${caller.token}`;
  return createClient({ url: `${gatewayUrl.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: true });
}

/** Subscribes and records what arrives, so a test can wait for a result that matches. */
export function subscribe(client: Client, query: string, variables: Record<string, unknown> = {}): LiveSubscription {
  const results: Received[] = [];
  const waiters = new Set<() => void>();
  let refusal: unknown;
  let resolveEnded!: () => void;
  const ended = new Promise<void>((resolve) => (resolveEnded = resolve));
  const notify = () => waiters.forEach((wake) => wake());
  const dispose = client.subscribe<Record<string, any>>(
    { query, variables },
    {
      next: (result) => {
        results.push(result as Received);
        notify();
      },
      error: (error) => {
        refusal = error;
        resolveEnded();
        notify();
      },
      complete: () => {
        resolveEnded();
        notify();
      },
    },
  );
  let seen = 0;
  return {
    results,
    ended,
    get refusal() {
      return refusal;
    },
    next(match = () => true, timeoutMs = 10_000) {
      return new Promise<Received>((resolve, reject) => {
        const check = () => {
          while (seen < results.length) {
            const result = results[seen++]!;
            if (match(result)) {
              cleanup();
              resolve(result);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no matching result within ${timeoutMs} ms; received ${JSON.stringify(results)}; refusal ${JSON.stringify(refusal)}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    close: dispose,
  };
}
