/** One message as subscribers see it. */
export interface BusMessage {
  /** The channel it was published on, without the bus's `prefix`. */
  channel: string;
  /** The published value after a JSON round trip, so every transport hands out the same shape. */
  payload: unknown;
}

export interface SubscribeOptions {
  /**
   * Aborting it unsubscribes, exactly like calling `return()` on the iterator.
   *
   * @default undefined
   */
  signal?: AbortSignal | undefined;
  /**
   * How many undelivered messages this subscription keeps for a slow consumer. When a new message
   * arrives at a full buffer the OLDEST buffered message is dropped and `dropped` is incremented:
   * realtime clients care about the latest state, and one slow client must not hold memory or stall
   * the shared connection.
   *
   * @default 1000
   */
  bufferSize?: number | undefined;
}

/** A live subscription: an async iterator of messages that also reports readiness and losses. */
export interface Subscription extends AsyncIterableIterator<BusMessage> {
  /**
   * Resolves once the transport is listening (for Redis: the server acknowledged SUBSCRIBE), so
   * anything published afterwards is delivered. Rejects if listening failed; the iterator then
   * throws the same error.
   */
  readonly ready: Promise<void>;
  /** How many messages were dropped because the buffer was full. */
  readonly dropped: number;
  /** Stops delivery and frees the transport subscription when this was its last local listener. */
  return(): Promise<IteratorReturnResult<undefined>>;
}

export interface EventBus {
  /** Publishes a JSON-serialisable `payload`; resolves once the transport accepted it. */
  publish(channel: string, payload: unknown): Promise<void>;
  /**
   * Subscribes to an exact channel name, or to a pattern ending in `*` (`data.*` matches every
   * channel starting with `data.`). Only messages published after `ready` resolves are guaranteed.
   */
  subscribe(channelOrPattern: string, options?: SubscribeOptions): Subscription;
  /**
   * True when messages can flow right now: always in-process; over Redis, when both connections
   * are up and the server answers. For readiness checks: while false, publishes reject and
   * subscribers on this instance hear nothing from other instances.
   */
  ping(): Promise<boolean>;
  /** Ends every iterator (after its buffered messages) and releases the connections. */
  close(): Promise<void>;
}
