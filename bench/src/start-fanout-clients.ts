import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, ClientStatus, OpenCommand, ParentMessage } from './fanout-messages.ts';

export interface FanoutClients {
  /** The subscriber processes' pids, as `client-1`, `client-2`, …: their CPU is part of the picture. */
  readonly pids: Readonly<Record<string, number>>;
  /** Opens `count` subscribers spread evenly over the processes, `batchSize` at a time in all. */
  open(options: Omit<OpenCommand, 'type' | 'batchSize'> & { batchSize: number }): Promise<ClientStatus>;
  /** The latest status of every process, summed. */
  status(): ClientStatus;
  /** Resolves true as soon as `done(status)` holds, false after `timeoutMs`. */
  waitFor(done: (status: ClientStatus) => boolean, timeoutMs: number): Promise<boolean>;
  /** Every delivery's latency in ms, by seq. */
  collect(): Promise<Map<number, number[]>>;
  /** Closes every subscriber (a normal 1000 close) and ends the processes. */
  close(): Promise<void>;
}

const entry = fileURLToPath(new URL('./fanout-client-process.ts', import.meta.url));

const emptyStatus = (): ClientStatus => ({
  subscribers: 0, connected: 0, live: 0, openTimeouts: 0, closes: {}, errored: 0, completed: 0, eventErrors: 0, errors: {}, heardAny: 0, outOfOrder: 0, counts: {},
});

function sumStatus(statuses: readonly ClientStatus[]): ClientStatus {
  const total = emptyStatus();
  for (const s of statuses) {
    for (const key of ['subscribers', 'connected', 'live', 'openTimeouts', 'errored', 'completed', 'eventErrors', 'heardAny', 'outOfOrder'] as const) total[key] += s[key];
    for (const [reason, n] of Object.entries(s.closes)) total.closes[reason] = (total.closes[reason] ?? 0) + n;
    for (const [seq, n] of Object.entries(s.counts)) total.counts[Number(seq)] = (total.counts[Number(seq)] ?? 0) + n;
    for (const [text, { count, firstAt }] of Object.entries(s.errors)) {
      const into = (total.errors[text] ??= { count: 0, firstAt });
      into.count += count;
      into.firstAt = Math.min(into.firstAt, firstAt);
    }
  }
  return total;
}

/**
 * Starts `processes` subscriber processes (fanout-client-process.ts). Several processes keep the
 * client side, which parses every delivery, from being what limits the fan-out it measures.
 */
export async function startFanoutClients(processes: number): Promise<FanoutClients> {
  const children: ChildProcess[] = [];
  const statuses: ClientStatus[] = [];
  const listeners = new Set<() => void>();
  for (let index = 0; index < processes; index += 1) {
    const child = fork(entry, [], { execArgv: ['--import', import.meta.resolve('tsx')], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    statuses.push(emptyStatus());
    child.on('message', (message: ChildMessage) => {
      if (message.type !== 'status' && message.type !== 'opened') return;
      statuses[index] = message.status;
      listeners.forEach((listener) => listener());
    });
    children.push(child);
  }
  await Promise.all(children.map((child) => once(child, 'spawn')));

  const send = (child: ChildProcess, message: ParentMessage) => child.send(message);
  /** The next message of `type` from `child`, or an error if the child exits first. */
  const reply = <T extends ChildMessage['type']>(child: ChildProcess, type: T): Promise<Extract<ChildMessage, { type: T }>> =>
    new Promise((resolve, reject) => {
      const onMessage = (message: ChildMessage) => {
        if (message.type !== type) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(message as Extract<ChildMessage, { type: T }>);
      };
      const onExit = (code: number | null, signal: string | null) => {
        child.off('message', onMessage);
        reject(new Error(`a subscriber process exited (${signal ?? code}) before answering "${type}"`));
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });

  return {
    pids: Object.fromEntries(children.map((child, index) => [`client-${index + 1}`, child.pid!])),
    async open({ count, batchSize, ...rest }) {
      const share = (index: number) => Math.floor(count / processes) + (index < count % processes ? 1 : 0);
      await Promise.all(
        children.map((child, index) => {
          const opened = reply(child, 'opened');
          send(child, { type: 'open', ...rest, count: share(index), batchSize: Math.max(1, Math.ceil(batchSize / processes)) });
          return opened;
        }),
      );
      return sumStatus(statuses);
    },
    status: () => sumStatus(statuses),
    waitFor(done, timeoutMs) {
      return new Promise((resolve) => {
        const check = () => {
          if (!done(sumStatus(statuses))) return;
          finish(true);
        };
        const timer = setTimeout(() => finish(false), timeoutMs);
        const finish = (result: boolean) => {
          clearTimeout(timer);
          listeners.delete(check);
          resolve(result);
        };
        listeners.add(check);
        check();
      });
    },
    async collect() {
      const all = new Map<number, number[]>();
      const replies = await Promise.all(
        children.map((child) => {
          const collected = reply(child, 'collected');
          send(child, { type: 'collect' });
          return collected;
        }),
      );
      for (const { latencies } of replies) {
        for (const [seq, list] of Object.entries(latencies)) {
          const into = all.get(Number(seq));
          if (into) into.push(...list);
          else all.set(Number(seq), [...list]);
        }
      }
      return all;
    },
    async close() {
      await Promise.all(
        children.map(async (child) => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          const exited = once(child, 'exit');
          try {
            const closed = reply(child, 'closed');
            send(child, { type: 'close' });
            await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 30_000))]);
          } catch {
            // It exited already: nothing to close.
          }
          // Closing 5,000 sockets takes a moment; past that, the process goes anyway.
          const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(killer);
        }),
      );
    },
  };
}
