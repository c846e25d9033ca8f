import { subscriberCpuSeconds, subscriberProcesses } from './cpu-meter.ts';
import type { FanoutRun } from './measure-fanout.ts';

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(0) : '–');

/** What the figures say limits the fan-out, computed from the largest run's burst. */
export function explainLimits(runs: readonly FanoutRun[], cpus: number): string[] {
  const largest = runs.at(-1);
  if (!largest) return [];
  const { burst, steady, subscribers } = largest;
  const lines: string[] = [];
  const busiest = Object.entries(burst.cpu.byProcess)
    .filter(([name]) => !name.startsWith('client-'))
    .sort(([, a], [, b]) => b - a);
  const [topName, topSeconds] = busiest[0] ?? ['?', Number.NaN];
  const share = (seconds: number) => `${((seconds / burst.cpu.seconds) * 100).toFixed(0)}% of a core`;
  lines.push(
    `During the burst at ${subscribers} subscribers the machine was ${(burst.cpu.machineBusy * 100).toFixed(0)}% busy (all cores); ` +
      `the busiest process was ${topName} at ${share(topSeconds)}` +
      (busiest[1] ? `, then ${busiest[1][0]} at ${share(busiest[1][1])}` : '') +
      `, and the ${subscriberProcesses(burst.cpu).length} subscriber process(es) together at ${share(subscriberCpuSeconds(burst.cpu))}.`,
  );
  const measured = Object.values(burst.cpu.byProcess).reduce((sum, seconds) => sum + (Number.isFinite(seconds) ? seconds : 0), 0) / (cpus * burst.cpu.seconds);
  lines.push(
    `The stack, the subscribers and the benchmark account for ${(measured * 100).toFixed(0)}% of the machine; ` +
      `the other ${(Math.max(0, burst.cpu.machineBusy - measured) * 100).toFixed(0)}% busy was other work on it` +
      (burst.cpu.machineBusy - measured > 0.1 ? ', which took cores away from the processes measured: rerun on a quiet machine to compare.' : '.'),
  );
  if (topSeconds / burst.cpu.seconds >= 0.7) {
    lines.push(
      `A Node process runs its JavaScript on one core, so at ${share(topSeconds)} the ${topName} process is the one nearest its limit: it is ` +
        'what caps the fan-out on this machine (it also waits on the process before it, hence not 100%). Another core would not help ' +
        'that one process; spreading the subscribers over more gateway processes would (not measured here).',
    );
  } else if (burst.cpu.machineBusy >= 0.9) {
    lines.push('No single process had a core to itself and the machine was saturated: the processes were sharing the cores, so the figures are those of the machine, not of one component.');
  }
  if (burst.received > 0) {
    const perDelivery = (name: string) => (((burst.cpu.byProcess[name] ?? Number.NaN) / burst.received) * 1e6).toFixed(0);
    lines.push(
      `CPU per delivery: gateway ${perDelivery('gateway')} µs, data subgraph ${perDelivery('data')} µs, subscriber side ` +
        `${((subscriberCpuSeconds(burst.cpu) / burst.received) * 1e6).toFixed(0)} µs. At ${burst.deliveriesPerSecond.toFixed(0)} deliveries/s, one event to ` +
        `${subscribers} subscribers takes about ${((subscribers / burst.deliveriesPerSecond) * 1000).toFixed(0)} ms of fan-out; ` +
        `one at a time the last subscriber heard an event after ${ms(steady.complete.p50)} ms (p50).`,
    );
  }
  const smallest = runs[0];
  if (smallest && smallest !== largest) {
    lines.push(
      `One at a time, an event's first delivery took ${ms(smallest.steady.first.p50)} ms (p50) at ${smallest.subscribers} subscribers and ` +
        `${ms(steady.first.p50)} ms at ${subscribers}: even the first subscriber waits for much of the fan-out, likely because each process ` +
        'resolves every subscriber\'s iterator at once and their promise chains interleave, so the work advances breadth-first rather than ' +
        'one subscriber after another.',
    );
  }
  const perSubscriber = (name: string) => (((largest.usage.subscribed[name]?.rssMiB ?? Number.NaN) - (largest.usage.before[name]?.rssMiB ?? Number.NaN)) * 1024) / subscribers;
  const rss = (name: string, sample: keyof FanoutRun['usage']) => largest.usage[sample][name]?.rssMiB.toFixed(0) ?? '?';
  lines.push(
    `Memory is not the limit at this size: holding a subscriber took about ${perSubscriber('gateway').toFixed(0)} KiB in the gateway and ` +
      `${perSubscriber('data').toFixed(0)} KiB in the data subgraph. After the events and closing every subscriber, the gateway's RSS was ` +
      `${rss('gateway', 'released')} MiB (${rss('gateway', 'subscribed')} when subscribed) and the data subgraph's ${rss('data', 'released')} MiB ` +
      `(${rss('data', 'subscribed')}): V8 keeps a heap it grew for the burst's backlog, so this is not by itself a leak; a run of several sizes shows whether it keeps growing.`,
  );
  lines.push(
    '',
    'Where that CPU goes, from the code: for every delivery the data subgraph checks the event against the read rule and',
    "executes the subscription's selection with graphql-js (once per subscriber, though every subscriber here has the same",
    'selection and rule), then serialises it onto the one socket it shares with the gateway; the gateway parses each of',
    'those messages, establishes the caller again, completes the event through `executeQueryPlan` and serialises it onto',
    "the subscriber's socket. All of it is per subscriber and per event, so an event's fan-out time grows linearly with N.",
  );
  if (runs.some((run) => Object.keys(run.end.errors).some((text) => text.includes('project token has expired')))) {
    lines.push(
      '',
      'Subscriptions refused with "The project token has expired": the gateway forwards the project token it cached for',
      'the API key (renewed 10 s before its 60 s expiry) in each upstream subscribe, and the data subgraph verifies it when',
      'it gets to that subscribe, or when the gateway re-subscribes after its socket to the subgraph reconnected (with the',
      "payload of the first subscribe, hence the first token). A subscribe that waits longer than its token has left is",
      "refused although the subscriber's key is valid; under load the data subgraph falls that far behind.",
    );
  }
  return lines;
}
