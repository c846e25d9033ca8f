export interface EventBusOptions {
  /**
   * Redis connection URL (`redis://host:6379/0`). When unset the bus is in-process: messages reach
   * only subscribers of this bus instance, which is what the embedded single-process mode needs.
   *
   * @default undefined
   */
  redisUrl?: string | undefined;
  /**
   * Prepended to every channel on Redis, so two stacks sharing one Redis do not hear each other.
   * Subscribers always see channel names without it.
   *
   * @default ''
   */
  prefix?: string | undefined;
  /**
   * Client name of the Redis connections, suffixed `:sub` and `:pub`, so operators can tell them
   * apart in `CLIENT LIST`. Must not contain spaces.
   *
   * @default 'fedbase-event-bus'
   */
  connectionName?: string | undefined;
  /**
   * Default `bufferSize` for subscriptions that do not set their own.
   *
   * @default 1000
   */
  bufferSize?: number | undefined;
  /**
   * Called with the first connection error of each outage (ioredis keeps reconnecting with a
   * bounded backoff and resubscribes by itself, so this is for logs, not recovery), and with
   * non-JSON messages on our channels.
   *
   * @default undefined (errors are ignored)
   */
  onError?: ((error: Error) => void) | undefined;
  /**
   * Called when a Redis connection is back after an outage reported to `onError`.
   *
   * @default undefined
   */
  onReconnect?: (() => void) | undefined;
}
