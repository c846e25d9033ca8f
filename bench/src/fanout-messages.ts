/**
 * What the benchmark and its subscriber processes (fanout-client-process.ts) tell each other over
 * IPC. Deliveries are identified by the `seq` of the document the event carries.
 */

/** Opens `count` subscribers, `batchSize` at a time, each on its own graphql-ws connection. */
export interface OpenCommand {
  type: 'open';
  /** The gateway's `ws://…/graphql`. */
  url: string;
  apiKey: string;
  query: string;
  count: number;
  batchSize: number;
  /** How long one subscriber may take to be acknowledged before it counts as failed to open. */
  timeoutMs: number;
}

export type ParentMessage = OpenCommand | { type: 'collect' } | { type: 'close' };

/** A subscriber process's subscribers, counted (or the sum over every process). */
export interface ClientStatus {
  subscribers: number;
  /** Acknowledged by the gateway (connection_ack) and not closed since. */
  connected: number;
  /** Connected, and the subscription neither errored nor completed: what the gateway holds. */
  live: number;
  /** Not acknowledged within the open timeout. */
  openTimeouts: number;
  /** Sockets closed by the other side or by a failure, by `<code> <reason>`. */
  closes: Record<string, number>;
  /** Subscriptions that ended with an error, or that the server completed. */
  errored: number;
  completed: number;
  /** Results carrying errors instead of a change. */
  eventErrors: number;
  /** Errors by text (at most 20 distinct texts, the rest counted under `other`), with when each was first seen (wall clock, ms). */
  errors: Record<string, { count: number; firstAt: number }>;
  /** Subscribers that have received at least one event. */
  heardAny: number;
  /** Deliveries of an event at or below one the same subscriber already had (repeats or reordering). */
  outOfOrder: number;
  /** Deliveries received, by seq. */
  counts: Record<number, number>;
}

export type ChildMessage =
  | { type: 'status'; status: ClientStatus }
  | { type: 'opened'; status: ClientStatus }
  /** Every delivery's latency (receive time minus the document's `sentAt`, ms), by seq. */
  | { type: 'collected'; latencies: Record<number, number[]> }
  | { type: 'closed' };
