import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStack, type RunningStack } from '@fedbase/testing';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { describeCode } from './describe-code.ts';
import { describeMachine } from './describe-machine.ts';
import { createTickPublisher, createTicksCollection } from './publish-tick.ts';
import { metricValue, readMetrics } from './read-metrics.ts';
import { runBench } from './run-bench.ts';
import { writeResultFile } from './write-result-file.ts';

/**
 * Whether the gateway gives back what subscribers held: N graphql-ws subscribers connect, each
 * hears an event, all disconnect, and again, cycle after cycle. After each cycle the gateway's and
 * the data subgraph's heap is read after a full garbage collection (RSS stays near its peak
 * whatever is freed, so it cannot tell a leak from a large heap), with the number of subscriptions
 * each still serves (`fedbase_graphql_subscriptions_active`). A leak grows the heap every cycle.
 */
const quick = process.argv.includes('--quick');
const option = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const subscribers = Number(option('subscribers') ?? (quick ? 500 : 2_000));
const cycles = Number(option('cycles') ?? (quick ? 3 : 5));
// --heap-snapshots: also a heap snapshot of the gateway and the data subgraph after each cycle, kept.
const heapSnapshots = process.argv.includes('--heap-snapshots');
if (!Number.isInteger(subscribers) || subscribers < 1 || !Number.isInteger(cycles) || cycles < 2) {
  process.stderr.write('usage: subscriber-memory.ts [--quick] [--subscribers=2000] [--cycles=5] [--heap-snapshots]\n');
  process.exit(2);
}
// Subscribers opening at once: enough to be quick, few enough not to flood a 2-core machine.
const batchSize = 200;
const query = 'subscription { documentChanged(collection: "ticks") { operation document { data } } }';
// Start-up, then per cycle: opening, a few events, the release: far below this unless something hangs.
const watchdogMs = 300_000 + cycles * (subscribers * 30 + 120_000);
const heapOnSignal = fileURLToPath(new URL('./heap-on-sigusr2.mjs', import.meta.url));

interface HeapReading {
  usedHeapBytes: number;
  rssBytes: number;
}

interface Cycle {
  heard: number;
  gatewayOpen: HeapReading;
  gatewayClosed: HeapReading;
  dataClosed: HeapReading;
  /** `fedbase_graphql_subscriptions_active` while open and once closed: gateway, data. */
  activeOpen: [number, number];
  activeClosed: [number, number];
}

let stack: RunningStack | undefined;
let statsDir: string | undefined;
const open: Client[] = [];
const cleanUp = async () => {
  await Promise.allSettled(open.map((client) => client.dispose()));
  await stack?.stop();
  if (statsDir && !heapSnapshots) await rm(statsDir, { recursive: true, force: true });
};

const log = (line: string) => process.stdout.write(`${line}\n`);
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Asks one process of the stack for its heap after a full collection (see heap-on-sigusr2.mjs). */
async function readHeap(pid: number): Promise<HeapReading> {
  const file = join(statsDir!, `heap-${pid}.json`);
  await rm(file, { force: true });
  process.kill(pid, 'SIGUSR2');
  // A heap snapshot (--heap-snapshots) takes seconds.
  for (let waited = 0; waited < 60_000; waited += 50) {
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text) return JSON.parse(text) as HeapReading;
    await sleep(50);
  }
  throw new Error(`process ${pid} wrote no heap reading in 60 s`);
}

async function activeSubscriptions(baseUrl: string): Promise<number> {
  const value = metricValue(await readMetrics(baseUrl), 'fedbase_graphql_subscriptions_active');
  if (value === undefined) throw new Error(`${baseUrl}/metrics has no fedbase_graphql_subscriptions_active`);
  return value;
}

await runBench(
  async () => {
    const machine = describeMachine();
    statsDir = await mkdtemp(join(tmpdir(), 'fedbase-heap-'));
    log('starting the stack...');
    const nodeOptions = [process.env['NODE_OPTIONS'], `--import=${heapOnSignal}`].filter(Boolean).join(' ');
    stack = await startStack({ env: { PASSWORD_HASH_COST: '10', AUTH_ATTEMPTS_PER_IP: '100000', LOG_LEVEL: 'warn', NODE_OPTIONS: nodeOptions, FEDBASE_HEAP_STATS_DIR: statsDir, FEDBASE_HEAP_SNAPSHOTS: String(heapSnapshots) } });
    const { gatewayUrl, pids } = stack;
    const project = stack.firstProject;
    const dataUrl = stack.urls['data']?.replace(/\/graphql$/, '');
    if (!project || !dataUrl || !pids['gateway'] || !pids['data']) throw new Error('the stack reported no first project, data subgraph or pids');
    await createTicksCollection(gatewayUrl, project.secretKey);
    const publish = createTickPublisher(gatewayUrl, project.secretKey);
    const active = async (): Promise<[number, number]> => [await activeSubscriptions(gatewayUrl), await activeSubscriptions(dataUrl)];
    const [gatewayStart, dataStart] = [await readHeap(pids['gateway']), await readHeap(pids['data'])];
    log(`before any subscriber: gateway heap ${mib(gatewayStart.usedHeapBytes)} MiB, data ${mib(dataStart.usedHeapBytes)} MiB`);

    let seq = 0;
    const results: Cycle[] = [];
    for (let cycle = 1; cycle <= cycles; cycle += 1) {
      const heard = new Uint8Array(subscribers);
      for (let index = 0; index < subscribers; index += 1) {
        const client = createClient({ url: `${gatewayUrl.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { 'x-api-key': project.publishableKey }, lazy: false, retryAttempts: 0 });
        open.push(client);
        client.subscribe({ query }, { next: () => void (heard[index] = 1), error: () => {}, complete: () => {} });
        if (index % batchSize === batchSize - 1) await sleep(200);
      }
      // No acknowledgement says a subscription is live: publish until every subscriber heard one.
      for (let attempt = 0; attempt < 60 && heard.includes(0); attempt += 1) {
        await publish((seq += 1));
        await sleep(500);
      }
      const activeOpen = await active();
      const gatewayOpen = await readHeap(pids['gateway']);
      // Gone without a word (no `complete`), as when an app's tab is shut.
      await Promise.all(open.splice(0).map((client) => client.dispose()));
      for (let waited = 0; waited < 30_000 && (await active()).some((count) => count > 0); waited += 250) await sleep(250);
      const activeClosed = await active();
      const [gatewayClosed, dataClosed] = [await readHeap(pids['gateway']), await readHeap(pids['data'])];
      const result: Cycle = { heard: heard.reduce((sum, value) => sum + value, 0), gatewayOpen, gatewayClosed, dataClosed, activeOpen, activeClosed };
      results.push(result);
      log(
        `cycle ${cycle}: ${result.heard}/${subscribers} heard an event; active ${activeOpen.join('/')} -> ${activeClosed.join('/')} (gateway/data); ` +
          `gateway heap ${mib(gatewayOpen.usedHeapBytes)} MiB open, ${mib(gatewayClosed.usedHeapBytes)} closed (RSS ${mib(gatewayClosed.rssBytes)}); data heap ${mib(dataClosed.usedHeapBytes)} closed`,
      );
    }

    // From the first cycle on: that one also fills caches (plans, tokens, code) once.
    const growth = (pick: (cycle: Cycle) => HeapReading) => (pick(results.at(-1)!).usedHeapBytes - pick(results[0]!).usedHeapBytes) / (cycles - 1);
    const perSubscriber = (results.reduce((sum, cycle) => sum + cycle.gatewayOpen.usedHeapBytes - cycle.gatewayClosed.usedHeapBytes, 0) / cycles / subscribers / 1024).toFixed(1);
    const summary = `gateway heap growth per cycle after the first: ${(growth((cycle) => cycle.gatewayClosed) / 1024).toFixed(0)} KiB; data: ${(growth((cycle) => cycle.dataClosed) / 1024).toFixed(0)} KiB; a subscriber held ${perSubscriber} KiB of gateway heap while open`;
    log(summary);
    const failed = results.some((cycle) => cycle.heard < subscribers || cycle.activeOpen.some((count) => count !== subscribers) || cycle.activeClosed.some((count) => count !== 0));

    const file = await writeResultFile({
      name: 'subscriber-memory',
      title: 'Subscriber memory: what the gateway gives back',
      command: ['npm run bench:memory -w @fedbase/bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
      machine,
      body: [
        `Code: ${describeCode()}.`,
        '',
        `${subscribers} graphql-ws subscribers (each its own socket, \`${query}\`, publishable key) connect to one embedded stack,`,
        'each hears an event, then all disconnect without a `complete`; this is one cycle. After each, the gateway and the',
        'data subgraph run a full garbage collection and report the heap still in use (`heap-on-sigusr2.mjs`); RSS is shown',
        'but stays near its peak whatever is freed. Active = `fedbase_graphql_subscriptions_active` (gateway/data).',
        '',
        '| cycle | heard an event | active open | active closed | gateway heap open MiB | gateway heap closed MiB | gateway RSS MiB | data heap closed MiB |',
        '|---:|---:|---|---|---:|---:|---:|---:|',
        `| before | | | | | ${mib(gatewayStart.usedHeapBytes)} | ${mib(gatewayStart.rssBytes)} | ${mib(dataStart.usedHeapBytes)} |`,
        ...results.map(
          (cycle, index) =>
            `| ${index + 1} | ${cycle.heard}/${subscribers} | ${cycle.activeOpen.join('/')} | ${cycle.activeClosed.join('/')} | ${mib(cycle.gatewayOpen.usedHeapBytes)} | ${mib(cycle.gatewayClosed.usedHeapBytes)} | ${mib(cycle.gatewayClosed.rssBytes)} | ${mib(cycle.dataClosed.usedHeapBytes)} |`,
        ),
        '',
        `${summary[0]!.toUpperCase()}${summary.slice(1)}.`,
        '',
      ],
    });
    log(`wrote ${file}`);
    if (heapSnapshots) log(`heap snapshots (by pid, numbered in the order taken: the gateway's before, then open and closed each cycle; data's before, then closed each cycle): ${statsDir}`);
    return !failed;
  },
  { watchdogMs, cleanUp, failure: 'subscribers missed their event, or subscriptions were not counted or not released; see the table' },
);
