import { startStack, type RunningStack } from '@fedbase/testing';
import { describeMachine } from './describe-machine.ts';
import { measureAlternately } from './measure-alternately.ts';
import { measureEndpoint, wrongAnswers, type EndpointFigures, type MeasureOptions } from './measure-endpoint.ts';
import { measureVerification } from './measure-verification.ts';
import { runBench } from './run-bench.ts';
import { writeIdentityReport } from './write-identity-report.ts';

/**
 * What signing in and carrying a token cost: sign-in through the gateway at the default scrypt
 * cost (right password, wrong password, unknown email, so the claim that the last two take the
 * same time is measured), one access-token verification in process, and a query through the
 * gateway with and without a bearer token. Everything runs on 127.0.0.1.
 */
const quick = process.argv.includes('--quick');
// scrypt runs on libuv's thread pool (4 threads unless UV_THREADPOOL_SIZE says otherwise): more
// connections than that only queue behind it and inflate latency without adding throughput.
const signInConnections = 4;
const queryConnections = 16;
const warmupSeconds = quick ? 1 : 3;
// Compared cases take turns in rounds of short runs (see measureAlternately). A sign-in slice is
// longer: at a few per second, a short one would end with much of its time in cut-off requests.
const rounds = quick ? 2 : 5;
const signInSliceSeconds = quick ? 2 : 3;
const querySliceSeconds = quick ? 1 : 2;
const verifySeconds = quick ? 2 : 5;
// Start-up (seconds when idle, minutes on a busy machine), five warm-ups, the rounds, the
// in-process loop, shut-down: far below this unless something hangs.
const watchdogMs = 300_000 + (5 * warmupSeconds + rounds * (3 * signInSliceSeconds + 2 * querySliceSeconds) + 2 * verifySeconds) * 1000;

const password = 'bench-sign-in-password-8c1f';
const signInQuery = 'mutation ($email: String!, $password: String!) { signIn(email: $email, password: $password) { accessToken refreshToken user { id } } }';
const signUpQuery = 'mutation ($email: String!, $password: String!) { signUp(email: $email, password: $password) { accessToken refreshToken user { id } } }';
const projectQuery = '{ project { id } }';
const signInBody = (email: string, attempt: string) => JSON.stringify({ query: signInQuery, variables: { email, password: attempt } });
const isSignedIn = (text: string) => text.includes('"accessToken"') && !text.includes('"errors"');
// Wrong password and unknown email are both refused; a token in the body would mean a sign-in went through.
const isRefused = (text: string) => text.includes('"UNAUTHENTICATED"') && !text.includes('"accessToken"');

let stack: RunningStack | undefined;
const cleanUp = async () => {
  await stack?.stop();
};

type Target = Omit<MeasureOptions, 'connections' | 'durationSeconds'>;

async function post({ url, body, headers }: Pick<Target, 'url' | 'body' | 'headers'>): Promise<{ ok: boolean; status: number; text: string }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, signal: AbortSignal.timeout(30_000) });
  return { ok: response.ok, status: response.status, text: await response.text() };
}

/** One request by hand first, so a broken stack fails loudly instead of benchmarking errors. */
async function checkAnswers(target: Target): Promise<void> {
  const { ok, status, text } = await post(target);
  if (!ok || !target.isCorrectBody(text)) throw new Error(`${target.url} answered ${status}: ${text.slice(0, 500)}`);
}

/** Checks each case by hand, warms each up, then measures them taking turns. */
async function measureCases(cases: ReadonlyArray<{ label: string; target: Target }>, connections: number, sliceSeconds: number): Promise<EndpointFigures[]> {
  for (const { target } of cases) await checkAnswers(target);
  const labels = cases.map(({ label }) => label).join(' | ');
  process.stdout.write(`${labels}: warm-up ${warmupSeconds} s each, then ${rounds} rounds of ${sliceSeconds} s each at ${connections} connections\n`);
  for (const { target } of cases) await measureEndpoint({ ...target, connections, durationSeconds: warmupSeconds });
  const figures = await measureAlternately(cases.map(({ target }) => ({ ...target, connections, durationSeconds: sliceSeconds })), rounds);
  for (const [index, f] of figures.entries()) {
    process.stdout.write(
      `  ${cases[index]!.label}: ${f.requestsPerSecond.toFixed(1)} req/s  p50 ${f.p50Ms.toFixed(2)} ms  p95 ${f.p95Ms.toFixed(2)} ms  ` +
        `p99 ${f.p99Ms.toFixed(2)} ms  (${f.requests} requests, ${f.non2xx} non-2xx, ` +
        `${f.wrongBodies} wrong bodies, ${f.errors} errors, ${f.timeouts} timeouts)\n`,
    );
  }
  return figures;
}

const machine = describeMachine();
await runBench(async () => {
  // Before the stack starts, so its start-up does not share the cores with this loop.
  process.stdout.write(`access-token verification in process: ${verifySeconds} s warm-up, then ${verifySeconds} s\n`);
  await measureVerification(verifySeconds);
  const verification = await measureVerification(verifySeconds);
  process.stdout.write(`  ${verification.perSecond.toFixed(0)} verifications/s, ${verification.microsecondsPerVerification.toFixed(1)} µs each\n`);

  process.stdout.write('starting the stack...\n');
  stack = await startStack({
    env: {
      LOG_LEVEL: 'warn',
      // Pinned to identity's default so a PASSWORD_HASH_COST inherited from a test shell cannot lower it.
      PASSWORD_HASH_COST: '15',
      // The brute-force limits would refuse the benchmark after a few dozen attempts.
      AUTH_ATTEMPTS_PER_EMAIL: '100000000',
      AUTH_ATTEMPTS_PER_IP: '100000000',
    },
  });
  if (!stack.firstProject) throw new Error('the stack created no first project');
  const { projectId, publishableKey } = stack.firstProject;
  const url = `${stack.gatewayUrl}/graphql`;
  const keyOnly = { 'x-api-key': publishableKey };

  const email = `bench-${Date.now()}@example.com`;
  const signedUp = await post({ url, headers: keyOnly, body: JSON.stringify({ query: signUpQuery, variables: { email, password } }) });
  const accessToken = (JSON.parse(signedUp.text) as { data?: { signUp?: { accessToken?: string } } }).data?.signUp?.accessToken;
  if (!signedUp.ok || !accessToken) throw new Error(`signUp answered ${signedUp.status}: ${signedUp.text.slice(0, 500)}`);

  const [right, wrongPassword, unknownEmail] = (await measureCases(
    [
      { label: 'sign-in, right password', target: { url, headers: keyOnly, body: signInBody(email, password), isCorrectBody: isSignedIn } },
      { label: 'sign-in, wrong password', target: { url, headers: keyOnly, body: signInBody(email, `${password}-wrong`), isCorrectBody: isRefused } },
      { label: 'sign-in, unknown email', target: { url, headers: keyOnly, body: signInBody(`nobody-${Date.now()}@example.com`, password), isCorrectBody: isRefused } },
    ],
    signInConnections,
    signInSliceSeconds,
  )) as [EndpointFigures, EndpointFigures, EndpointFigures];

  const projectBody = JSON.stringify({ query: projectQuery });
  const isProject = (text: string) => text.includes(projectId) && !text.includes('"errors"');
  const withBearer = { ...keyOnly, authorization: `Bearer ${accessToken}` };
  // A success with the bearer proves nothing unless a bad token would have failed: check that it does.
  const tampered = await post({ url, body: projectBody, headers: { ...keyOnly, authorization: `Bearer ${accessToken.slice(0, -4)}AAAA` } });
  if (!tampered.text.includes('"UNAUTHENTICATED"')) throw new Error(`a tampered access token was not refused: ${tampered.status} ${tampered.text.slice(0, 500)}`);
  const [projectKeyOnly, projectWithBearer] = (await measureCases(
    [
      { label: '{ project { id } }, key only', target: { url, headers: keyOnly, body: projectBody, isCorrectBody: isProject } },
      { label: '{ project { id } }, key + bearer', target: { url, headers: withBearer, body: projectBody, isCorrectBody: isProject } },
    ],
    queryConnections,
    querySliceSeconds,
  )) as [EndpointFigures, EndpointFigures];

  const file = await writeIdentityReport({
    command: quick ? 'npm run bench:identity -w @fedbase/bench -- --quick' : 'npm run bench:identity -w @fedbase/bench',
    machine,
    signInConnections,
    queryConnections,
    warmupSeconds,
    rounds,
    signInSliceSeconds,
    querySliceSeconds,
    verifySeconds,
    signIn: { right, wrongPassword, unknownEmail },
    verification,
    project: { keyOnly: projectKeyOnly, withBearer: projectWithBearer },
  });
  process.stdout.write(`wrote ${file}\n`);
  return [right, wrongPassword, unknownEmail, projectKeyOnly, projectWithBearer].every((f) => wrongAnswers(f) === 0);
}, { watchdogMs, cleanUp });
