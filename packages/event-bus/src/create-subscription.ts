import type { BusMessage, Subscription } from './event-bus.ts';

export interface SubscriptionHandle {
  subscription: Subscription;
  /** Buffers or hands over one message; drops the oldest buffered one when full. */
  push(message: BusMessage): void;
  /** Ends the iterator after its buffered messages, with `error` thrown once if given. */
  end(error?: unknown): void;
}

export interface CreateSubscriptionOptions {
  ready: Promise<void>;
  bufferSize: number;
  signal?: AbortSignal | undefined;
  /** Called once when the consumer leaves (return() or abort), so the topic can be released. */
  onLeave: () => void;
}

type Pull = { resolve: (r: IteratorResult<BusMessage>) => void; reject: (e: unknown) => void };

/** The one bounded async iterator behind every transport. */
export function createSubscription(options: CreateSubscriptionOptions): SubscriptionHandle {
  const { bufferSize, signal, onLeave } = options;
  const buffer: BusMessage[] = [];
  const pulls: Pull[] = [];
  let ended = false;
  let left = false;
  let failure: { error: unknown } | undefined;
  let dropped = 0;

  const settlePulls = (): void => {
    for (const pull of pulls.splice(0)) {
      if (failure) {
        pull.reject(failure.error);
        failure = undefined;
      } else pull.resolve({ done: true, value: undefined });
    }
  };
  const end = (error?: unknown): void => {
    if (ended) return;
    ended = true;
    if (error !== undefined) failure = { error };
    signal?.removeEventListener('abort', leave);
    if (buffer.length === 0) settlePulls();
  };
  function leave(): void {
    if (left) return;
    left = true;
    buffer.length = 0;
    failure = undefined;
    end();
    onLeave();
  }

  // Marking the promise handled here keeps a failed SUBSCRIBE from becoming an unhandled rejection
  // when the caller never awaits `ready`; the error still reaches the consumer through next().
  options.ready.catch((error: unknown) => end(error));

  const subscription: Subscription = {
    ready: options.ready,
    get dropped() {
      return dropped;
    },
    next() {
      const message = buffer.shift();
      if (message) return Promise.resolve({ done: false, value: message });
      if (!ended) return new Promise((resolve, reject) => pulls.push({ resolve, reject }));
      if (failure) {
        const { error } = failure;
        failure = undefined;
        return Promise.reject(error);
      }
      return Promise.resolve({ done: true, value: undefined });
    },
    return() {
      leave();
      return Promise.resolve({ done: true, value: undefined });
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };

  const push = (message: BusMessage): void => {
    if (ended) return;
    const pull = pulls.shift();
    if (pull) return pull.resolve({ done: false, value: message });
    if (buffer.length >= bufferSize) {
      buffer.shift();
      dropped += 1;
    }
    buffer.push(message);
  };

  if (signal?.aborted) leave();
  else signal?.addEventListener('abort', leave, { once: true });
  return { subscription, push, end };
}
