import { findProblem } from './find-problem.ts';
import type { FuzzRequest } from './fuzz-request.ts';
import { sendRawRequest, type RawResponse } from './send-raw-request.ts';

export interface FuzzFailure {
  readonly index: number;
  readonly problem: string;
  readonly request: FuzzRequest;
  readonly response: RawResponse;
}

export interface HttpFuzzResult {
  /** Answers by status class (`2xx`, `4xx`, ...; `none` for no answer). */
  readonly byClass: Record<string, number>;
  /** Answers by generator kind and status, e.g. `files upload 403`. */
  readonly byKindAndStatus: Record<string, number>;
  readonly failures: FuzzFailure[];
}

/** Sends `count` generated requests, `concurrency` at a time, and checks every answer. */
export async function runHttpFuzz(gatewayUrl: string, next: () => FuzzRequest, { count, concurrency }: { count: number; concurrency: number }): Promise<HttpFuzzResult> {
  const result: HttpFuzzResult = { byClass: {}, byKindAndStatus: {}, failures: [] };
  let issued = 0;
  const lane = async () => {
    while (issued < count) {
      const index = issued++;
      const request = next();
      const response = await sendRawRequest(gatewayUrl, request);
      const statusClass = response.status ? `${String(response.status)[0]}xx` : 'none';
      result.byClass[statusClass] = (result.byClass[statusClass] ?? 0) + 1;
      const key = `${request.kind} ${response.status}`;
      result.byKindAndStatus[key] = (result.byKindAndStatus[key] ?? 0) + 1;
      const problem = findProblem(request, response);
      if (problem) result.failures.push({ index, problem, request, response });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return result;
}

/** A failure as a reproducer: the request (body cut short) and what came back. */
export function describeFailure({ index, problem, request, response }: FuzzFailure): string {
  const body = request.body ? JSON.stringify(request.body.subarray(0, 300).toString('latin1')) : '(none)';
  const headers = request.headers.map(([name, value]) => `${name}: ${value.slice(0, 80)}`).join(' | ');
  return [
    `#${index} ${problem}: ${request.kind}`,
    `  ${request.method} ${request.path.slice(0, 300)}`,
    `  headers: ${headers}`,
    `  body (${request.body?.length ?? 0} bytes): ${body}`,
    `  -> ${response.status} ${response.headers['content-type'] ?? ''} ${JSON.stringify(response.body.subarray(0, 300).toString('utf8'))}`,
  ].join('\n');
}
