import { knownIssueOf } from './known-issues.ts';
import { describeFailure, type FuzzFailure, type HttpFuzzResult } from './run-http-fuzz.ts';
import type { WsFuzzResult } from './run-ws-fuzz.ts';

export interface FuzzReport {
  /** Failures that fail the test (known issues set aside). */
  readonly failures: FuzzFailure[];
  readonly internalErrors: number;
  /** The one line the run is judged by. */
  readonly summary: string;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): [string, number][] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts];
}

/**
 * Prints one reproducer per kind of failure (ten lines show ten different bugs where there are),
 * the tallies, the known issues, and the summary line; returns what the test asserts on.
 */
export function reportFuzz(http: HttpFuzzResult, ws: WsFuzzResult, { requests, seed, alive, seconds }: { requests: number; seed: number; alive: string; seconds: string }): FuzzReport {
  const failures = http.failures.filter((failure) => !knownIssueOf(failure.request, failure.problem));
  const known = http.failures.filter((failure) => knownIssueOf(failure.request, failure.problem));
  const distinct = [...new Map(failures.map((failure) => [`${failure.request.kind} ${failure.problem}`, failure])).values()];
  for (const failure of distinct.slice(0, 10)) console.log(describeFailure(failure));
  for (const [kind, count] of countBy(failures, (failure) => `${failure.request.kind}: ${failure.problem}`)) console.log(`fuzz: ${count} x ${kind}`);
  for (const problem of ws.problems.slice(0, 10)) console.log(`fuzz: ws: ${problem}`);
  for (const [name, count] of countBy(known, (failure) => knownIssueOf(failure.request, failure.problem)!)) console.log(`fuzz: known issue, not failing the test: ${count} x ${name}`);
  if (ws.known) console.log(`fuzz: known issue, not failing the test: ${ws.known} x graphql-ws closes with 4500 after a client sent a server's message`);
  console.log(`fuzz: answers by kind and status ${JSON.stringify(Object.fromEntries(Object.entries(http.byKindAndStatus).sort()))}`);
  console.log(`fuzz: ws closes by code ${JSON.stringify(ws.closes)} over ${ws.sockets} sockets`);
  const internalErrors = failures.filter((failure) => failure.problem.includes('INTERNAL')).length + ws.problems.filter((problem) => problem.includes('INTERNAL')).length;
  const counts = ['2xx', '3xx', '4xx', '5xx', 'none'].map((name) => `${name}=${http.byClass[name] ?? 0}`).join(' ');
  const summary = `fuzz: ${requests} requests (seed ${seed}): ${counts}; ${ws.frames} ws frames; INTERNAL errors=${internalErrors}; processes alive ${alive}; ${seconds} s`;
  console.log(summary);
  return { failures, internalErrors, summary };
}
