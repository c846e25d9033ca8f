import type { Machine } from './describe-machine.ts';
import type { EndpointFigures } from './measure-endpoint.ts';
import type { VerificationFigures } from './measure-verification.ts';
import { writeResultFile } from './write-result-file.ts';

export interface IdentityReport {
  command: string;
  machine: Machine;
  signInConnections: number;
  queryConnections: number;
  warmupSeconds: number;
  rounds: number;
  signInSliceSeconds: number;
  querySliceSeconds: number;
  verifySeconds: number;
  signIn: { right: EndpointFigures; wrongPassword: EndpointFigures; unknownEmail: EndpointFigures };
  verification: VerificationFigures;
  project: { keyOnly: EndpointFigures; withBearer: EndpointFigures };
}

const ms = (value: number) => value.toFixed(2);
const signed = (value: number, digits = 2) => `${value >= 0 ? '+' : ''}${value.toFixed(digits)}`;
const percent = (value: number, of: number) => `${signed(((value - of) / of) * 100, 1)}%`;

const tableHead = [
  '| case | req/s | p50 ms | p95 ms | p99 ms | max ms | requests | non-2xx | wrong bodies | errors | timeouts |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
];
// Sign-ins are a few dozen a second: a decimal says more there than for thousands of queries.
const tableRow = (label: string, f: EndpointFigures, rateDigits: number) =>
  `| ${label} | ${f.requestsPerSecond.toFixed(rateDigits)} | ${ms(f.p50Ms)} | ${ms(f.p95Ms)} | ${ms(f.p99Ms)} | ${ms(f.maxMs)} | ` +
  `${f.requests} | ${f.non2xx} | ${f.wrongBodies} | ${f.errors} | ${f.timeouts} |`;

/** Writes `bench/results/<YYYY-MM-DD>-identity-auth.md` and returns its path. */
export async function writeIdentityReport(report: IdentityReport): Promise<string> {
  const { signIn, verification, project } = report;
  const { wrongPassword: wrong, unknownEmail: unknown } = signIn;
  const { keyOnly, withBearer } = project;
  // The cases of a table took turns (see measureAlternately): say so, since it is why they compare.
  const run = (sliceSeconds: number) =>
    `${report.warmupSeconds} s warm-up each, then measured in ${report.rounds} rounds of ${sliceSeconds} s per case, taking turns ` +
    `(${report.rounds * sliceSeconds} s per case in all)`;
  const body = [
    'Embedded mode (PGlite), `LOG_LEVEL=warn`, all on 127.0.0.1; `AUTH_ATTEMPTS_PER_EMAIL` and `AUTH_ATTEMPTS_PER_IP`',
    'raised to 100000000 so the brute-force limits never refuse the benchmark.',
    '',
    '## Sign-in at the default password cost',
    '',
    '`signIn(email, password) { accessToken refreshToken user { id } }` through the gateway with the publishable key,',
    `scrypt at \`PASSWORD_HASH_COST=15\` (N = 2^15, r = 8, p = 1: 32 MiB per hash), ${report.signInConnections} connections`,
    "(scrypt runs on libuv's 4-thread pool);",
    `${run(report.signInSliceSeconds)}.`,
    'Every body is checked: the right password must return an `accessToken` and no `"errors"`; the wrong password',
    '(existing user) and the unknown email must return `UNAUTHENTICATED`. Identity checks an unknown email against a',
    'dummy hash, so those two should take the same time.',
    '',
    ...tableHead,
    tableRow('right password', signIn.right, 1),
    tableRow('wrong password, existing user', wrong, 1),
    tableRow('unknown email', unknown, 1),
    '',
    `Unknown email against wrong password: p50 ${ms(unknown.p50Ms)} vs ${ms(wrong.p50Ms)} ms (${signed(unknown.p50Ms - wrong.p50Ms)} ms, ` +
      `${percent(unknown.p50Ms, wrong.p50Ms)}), p95 ${ms(unknown.p95Ms)} vs ${ms(wrong.p95Ms)} ms (${signed(unknown.p95Ms - wrong.p95Ms)} ms, ` +
      `${percent(unknown.p95Ms, wrong.p95Ms)}).`,
    'A successful sign-in (which also writes a session and a refresh token and signs an access token) against a',
    `refused one: p50 ${signed(signIn.right.p50Ms - wrong.p50Ms)} ms, p95 ${signed(signIn.right.p95Ms - wrong.p95Ms)} ms.`,
    '',
    '## Token verification',
    '',
    `In process: \`createCallerVerifier(...).verifyAccessToken(token, projectId)\` on one Ed25519 access token shaped like`,
    `identity's (\`typ: at+jwt\`, \`kid\`; \`sid\`, \`roles\`, \`anonymous\`, \`iss\`, \`aud\`, \`sub\`, \`exp\`), against a local JWKS,`,
    `one at a time, ${report.verifySeconds} s warm-up then ${report.verifySeconds} s measured, before the stack was started.`,
    '',
    '| verifications | seconds | verifications/s | µs per verification |',
    '|---:|---:|---:|---:|',
    `| ${verification.verifications} | ${verification.seconds.toFixed(2)} | ${verification.perSecond.toFixed(0)} | ${verification.microsecondsPerVerification.toFixed(1)} |`,
    '',
    `Through the gateway: \`POST /graphql {"query":"{ project { id } }"}\`, ${report.queryConnections} connections;`,
    `${run(report.querySliceSeconds)};`,
    'with the publishable key only, and with the key and `authorization: Bearer <access token from signUp>`. With the',
    'bearer the token is verified twice per request: by the gateway, and again by the identity subgraph that answers.',
    'Every body is checked (contains the project id, no `"errors"`); a tampered token was checked to be refused first.',
    '',
    ...tableHead,
    tableRow('publishable key only', keyOnly, 0),
    tableRow('key + bearer token', withBearer, 0),
    '',
    `The bearer token: ${percent(withBearer.requestsPerSecond, keyOnly.requestsPerSecond)} req/s, ` +
      `p50 ${signed(withBearer.p50Ms - keyOnly.p50Ms)} ms, p95 ${signed(withBearer.p95Ms - keyOnly.p95Ms)} ms.`,
    // At a fixed number of connections the cores are saturated, so latency is mostly queueing: the
    // time one request costs the saturated machine (1 / req/s) is what compares with a verification.
    `Time per request with the machine saturated (1 / req/s): ${ms(1000 / keyOnly.requestsPerSecond)} ms without the token, ` +
      `${ms(1000 / withBearer.requestsPerSecond)} ms with it ` +
      `(${signed(1000 / withBearer.requestsPerSecond - 1000 / keyOnly.requestsPerSecond)} ms); ` +
      `two verifications in process take ${ms((2 * verification.microsecondsPerVerification) / 1000)} ms.`,
    '',
  ];
  return writeResultFile({ name: 'identity-auth', title: 'Identity: sign-in and token verification', command: report.command, machine: report.machine, body });
}
