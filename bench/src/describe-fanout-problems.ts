import type { FanoutRun } from './measure-fanout.ts';

/** Which phase a wall-clock time fell in, and how far into the run. */
function when(run: FanoutRun, at: number): string {
  const current = run.phases.filter(({ startedAt }) => startedAt <= at).at(-1);
  const started = run.phases[0]?.startedAt ?? at;
  return `${((at - started) / 1000).toFixed(1)} s after opening began (${current?.name ?? 'before opening'})`;
}

/** Lost subscribers, errors, timeouts and failed publishes of a run, or nothing if there were none. */
export function describeProblems(run: FanoutRun): string[] {
  const errors = Object.entries(run.end.errors).sort(([, a], [, b]) => a.firstAt - b.firstAt);
  const counts = [
    [run.subscribers - run.end.live, 'subscribers no longer live at the end'],
    [run.end.completed, 'subscriptions completed by the server'],
    [run.end.errored, 'subscriptions ended with an error message'],
    [run.end.eventErrors, 'results carrying errors'],
    [run.end.outOfOrder, 'deliveries out of order or repeated'],
    [run.steady.timedOut, `events not heard by every subscriber within the timeout`],
    [run.burst.timedOut, 'burst not heard by every subscriber within the timeout'],
    [run.publishFailures, 'publishes that failed (warm-up included)'],
  ] as const;
  const found = counts.filter(([n]) => n > 0);
  if (found.length === 0 && errors.length === 0) return [];
  return [
    `**${run.subscribers} subscribers, what went wrong:** ${found.map(([n, what]) => `${n} ${what}`).join('; ')}.`,
    '',
    ...(errors.length > 0 ? ['| error seen by subscribers | count | first seen |', '|---|---:|---|', ...errors.map(([text, { count, firstAt }]) => `| \`${text.replaceAll('`', "'").replaceAll('|', '\\|')}\` | ${count} | ${when(run, firstAt)} |`), ''] : []),
    ...run.publishErrors.map((text) => `- publish: \`${text.replaceAll('`', "'")}\``),
    '',
  ];
}
