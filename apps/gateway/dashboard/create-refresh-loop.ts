export interface RefreshLoop {
  /** Refreshes now, then again `intervalMs` after each refresh ends; restarts if running. */
  start(): void;
  /** Stops the schedule and aborts a refresh in flight. */
  stop(): void;
}

/**
 * Runs `refresh` on a schedule counted from the end of the previous run, not a fixed interval:
 * a slow gateway then gets one request at a time instead of a growing queue. `refresh` reports
 * its own failures and must not reject.
 */
export function createRefreshLoop(
  refresh: (signal: AbortSignal) => Promise<void>,
  intervalMs: number,
): RefreshLoop {
  let controller: AbortController | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function run(current: AbortController): Promise<void> {
    await refresh(current.signal);
    if (current.signal.aborted) return;
    timer = setTimeout(() => void run(current), intervalMs);
  }

  const loop: RefreshLoop = {
    start() {
      loop.stop();
      controller = new AbortController();
      void run(controller);
    },
    stop() {
      controller?.abort();
      controller = undefined;
      clearTimeout(timer);
    },
  };
  return loop;
}
