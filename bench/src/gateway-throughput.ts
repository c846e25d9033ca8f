import { startStack, type RunningStack } from '@fedbase/testing';
import { describeMachine } from './describe-machine.ts';
import { measureEndpoint, wrongAnswers, type EndpointFigures } from './measure-endpoint.ts';
import { startBillingSubgraph, type RunningSubgraph } from './start-billing-subgraph.ts';
import { runBench } from './run-bench.ts';
import { writeReport } from './write-report.ts';

/**
 * What the federated gateway costs on the simplest query: one root field owned by one subgraph
 * (billing's static plan list, no database), measured through the gateway and directly against a
 * billing subgraph, at the same fixed concurrency. Everything runs on 127.0.0.1.
 */
const quick = process.argv.includes('--quick');
const connections = 16;
const durationSeconds = quick ? 3 : 10;
const warmupSeconds = quick ? 1 : 3;
// Start-up (seconds when idle, minutes on a busy machine), two warm-ups, two runs, shut-down: far below this unless something hangs.
const watchdogMs = 300_000 + 2 * (warmupSeconds + durationSeconds) * 1000;

const query = '{ plans { id name requestsPerSecond } }';
const body = JSON.stringify({ query });
// The stack's catalogue is startStack's one unlimited plan, the lone subgraph's the built-in free and pro.
const isCorrectBody = (text: string) => text.includes('{"data":{"plans":[{"id":"') && !text.includes('"errors"');

let stack: RunningStack | undefined;
let billing: RunningSubgraph | undefined;
const cleanUp = () => Promise.allSettled([stack?.stop(), billing?.stop()]);

/** One request by hand first, so a broken stack fails loudly instead of benchmarking errors. */
async function checkAnswers(url: string): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  if (!response.ok || !isCorrectBody(text)) throw new Error(`${url} answered ${response.status}: ${text.slice(0, 500)}`);
}

async function measure(label: string, url: string): Promise<EndpointFigures> {
  await checkAnswers(url);
  process.stdout.write(`${label}: warm-up ${warmupSeconds} s, then ${durationSeconds} s at ${connections} connections\n`);
  await measureEndpoint({ url, body, connections, durationSeconds: warmupSeconds, isCorrectBody });
  const figures = await measureEndpoint({ url, body, connections, durationSeconds, isCorrectBody });
  process.stdout.write(
    `  ${figures.requestsPerSecond.toFixed(0)} req/s  p50 ${figures.p50Ms.toFixed(2)} ms  p95 ${figures.p95Ms.toFixed(2)} ms  ` +
      `p99 ${figures.p99Ms.toFixed(2)} ms  (${figures.requests} requests, ${figures.non2xx} non-2xx, ` +
      `${figures.wrongBodies} wrong bodies, ${figures.errors} errors, ${figures.timeouts} timeouts)\n`,
  );
  return figures;
}

const machine = describeMachine();
await runBench(async () => {
  process.stdout.write('starting the stack and a lone billing subgraph...\n');
  // allSettled: when one fails to start, the other is still known to cleanUp() and stopped.
  const [startedStack, startedBilling] = await Promise.allSettled([startStack({ env: { LOG_LEVEL: 'warn' } }), startBillingSubgraph()]);
  if (startedStack.status === 'fulfilled') stack = startedStack.value;
  if (startedBilling.status === 'fulfilled') billing = startedBilling.value;
  if (startedStack.status === 'rejected') throw startedStack.reason;
  if (startedBilling.status === 'rejected') throw startedBilling.reason;
  if (!stack || !billing) throw new Error('unreachable: both started');
  // One after the other, never at once: the two runs share the machine's cores.
  const throughGateway = await measure('gateway -> billing', `${stack.gatewayUrl}/graphql`);
  const direct = await measure('billing directly', billing.graphqlUrl);
  const file = await writeReport({
    command: quick ? 'npm run bench:gateway -w @fedbase/bench -- --quick' : 'npm run bench:gateway -w @fedbase/bench',
    machine,
    query,
    connections,
    durationSeconds,
    warmupSeconds,
    rows: [
      { label: 'gateway -> billing subgraph', figures: throughGateway },
      { label: 'billing subgraph directly', figures: direct },
    ],
  });
  process.stdout.write(`wrote ${file}\n`);
  return [throughGateway, direct].every((f) => wrongAnswers(f) === 0);
}, { watchdogMs, cleanUp });
