/** What reportOutages watches: an ioredis connection, by shape (telemetry does not depend on ioredis). */
export interface OutageSource {
  readonly status: string;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'ready', listener: () => void): unknown;
}

export interface ReportOutagesOptions {
  /** The first error of each outage. */
  onError: (error: Error) => void;
  /** Every connection is back after an outage. */
  onReconnect: () => void;
}

/**
 * ioredis retries a lost connection with a bounded backoff (50 ms more per attempt, at most 2 s)
 * and emits an error for every failed attempt, on each connection: a log line every 2 s for as
 * long as Redis is away. Reports the first of them and the recovery instead, once per outage.
 */
export function reportOutages(connections: readonly OutageSource[], options: ReportOutagesOptions): void {
  let down = false;
  for (const connection of connections) {
    connection.on('error', (error: Error) => {
      if (down) return;
      down = true;
      options.onError(error);
    });
    connection.on('ready', () => {
      if (!down || connections.some((other) => other.status !== 'ready')) return;
      down = false;
      options.onReconnect();
    });
  }
}
