import { connect } from 'node:net';
import type { FuzzRequest } from './fuzz-request.ts';

export interface RawResponse {
  /** 0 when the connection ended without a status line (reset, closed, timed out). */
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** Why there is no status, when there is none. */
  readonly failure?: string;
}

/**
 * Sends one request over its own TCP connection, byte for byte: a raw socket, because node's
 * HTTP client refuses the odd methods, paths and duplicate headers the fuzzer needs to send.
 */
export function sendRawRequest(gatewayUrl: string, request: FuzzRequest, timeoutMs = 15_000): Promise<RawResponse> {
  const { hostname, port } = new URL(gatewayUrl);
  const head = [`${request.method} ${request.path} HTTP/1.1`, `host: ${hostname}:${port}`, 'connection: close'];
  for (const [name, value] of request.headers) head.push(`${name}: ${value}`);
  if (request.body) head.push(`content-length: ${request.body.length}`);
  const bytes = Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`), request.body ?? Buffer.alloc(0)]);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect(Number(port), hostname);
    let failure: string | undefined;
    socket.setTimeout(timeoutMs, () => {
      failure = `no answer within ${timeoutMs} ms`;
      socket.destroy();
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error) => (failure ??= error.message));
    socket.on('close', () => resolve(parseResponse(Buffer.concat(chunks), failure, request.method === 'HEAD')));
    // Written, not ended: node's server aborts a request whose client half-closes before the answer.
    socket.write(bytes);
  });
}

function parseResponse(raw: Buffer, failure: string | undefined, isHead: boolean): RawResponse {
  const end = raw.indexOf('\r\n\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(raw.subarray(0, Math.max(end, 0)).toString('latin1'))?.[1] ?? 0);
  if (end === -1 || status === 0) return { status: 0, headers: {}, body: raw, failure: failure ?? 'the connection closed without an answer' };
  const headers: Record<string, string> = {};
  for (const line of raw.subarray(0, end).toString('latin1').split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const rest = raw.subarray(end + 4);
  const body = isHead ? Buffer.alloc(0) : headers['transfer-encoding'] === 'chunked' ? dechunk(rest) : rest;
  return { status, headers, body };
}

function dechunk(raw: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  while (at < raw.length) {
    const lineEnd = raw.indexOf('\r\n', at);
    if (lineEnd === -1) break;
    const size = parseInt(raw.subarray(at, lineEnd).toString('latin1'), 16);
    if (!size) break;
    parts.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
