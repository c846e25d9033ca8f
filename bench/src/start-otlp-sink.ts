import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { countOtlpSpans, parseOtlpSpans, type SpansBySource } from './count-otlp-spans.ts';

/** What one stream of exports (one stack) sent to the sink. */
export interface SinkCounts {
  /** POSTs to `/v1/traces`. */
  readonly exports: number;
  readonly spans: number;
  /**
   * Spans by source, `<service.name> <instrumentation scope>`: in the gateway, `fedbase-gateway`
   * holds the field spans made from ftv1, `apollo/gateway-js` its request, plan and fetch spans,
   * `fedbase` the request's own span.
   */
  readonly spansBySource: Readonly<SpansBySource>;
  /** Request bodies as sent (compressed when they were). */
  readonly bytes: number;
  /** Time the sink spent counting them, in the benchmark's process. */
  readonly countMs: number;
  /** Exports also parsed whole to check the count (the first few of each stream), and those whose counts differed. */
  readonly checked: number;
  readonly miscounted: number;
}

export interface OtlpSink {
  /** `http://127.0.0.1:<port>/<stream>`: give it to a stack as OTEL_EXPORTER_OTLP_ENDPOINT; its spans arrive at `/<stream>/v1/traces`. */
  urlFor(stream: string): string;
  /** What `stream` has sent since the sink started or was last reset. */
  counts(stream: string): SinkCounts;
  /** Forgets every count, so that what follows is counted alone. */
  reset(): void;
  close(): Promise<void>;
}

const gunzipAsync = promisify(gunzip);
// Exports of each stream parsed whole as well, to catch a serialiser the scan does not follow.
const checkedExports = 3;
const sameCounts = (a: SpansBySource, b: SpansBySource) => Object.keys({ ...a, ...b }).every((source) => a[source] === b[source]);

/**
 * An OTLP/HTTP JSON collector that keeps nothing but counts, so stacks export spans as they would
 * in production (the exporter serialises and sends them) without a real collector beside the
 * benchmark. One server for every stack; each exports under its own path, and is counted apart.
 * It runs in the benchmark's process: its CPU is the load generator's.
 */
export async function startOtlpSink(): Promise<OtlpSink> {
  const streams = new Map<string, { exports: number; spans: number; spansBySource: SpansBySource; bytes: number; countMs: number; checked: number; miscounted: number }>();
  const streamOf = (name: string) => {
    let stream = streams.get(name);
    if (!stream) streams.set(name, (stream = { exports: 0, spans: 0, spansBySource: {}, bytes: 0, countMs: 0, checked: 0, miscounted: 0 }));
    return stream;
  };
  const count = async (stream: ReturnType<typeof streamOf>, raw: Buffer, gzipped: boolean) => {
    const started = performance.now();
    const body = gzipped ? await gunzipAsync(raw) : raw;
    const counts = countOtlpSpans(body);
    stream.countMs += performance.now() - started;
    stream.exports += 1;
    stream.bytes += raw.length;
    for (const [source, spans] of Object.entries(counts)) {
      stream.spans += spans;
      stream.spansBySource[source] = (stream.spansBySource[source] ?? 0) + spans;
    }
    if (stream.checked < checkedExports) {
      stream.checked += 1;
      if (!sameCounts(counts, parseOtlpSpans(body))) stream.miscounted += 1;
    }
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const match = /^\/([^/]+)\/v1\/traces$/.exec(req.url ?? '');
      if (req.method !== 'POST' || !match) {
        res.writeHead(404).end();
        return;
      }
      void count(streamOf(decodeURIComponent(match[1]!)), Buffer.concat(chunks), req.headers['content-encoding'] === 'gzip').then(
        () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'),
        (error: unknown) => res.writeHead(400).end(String(error)),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    urlFor: (stream) => `http://127.0.0.1:${port}/${encodeURIComponent(stream)}`,
    counts: (stream) => {
      const counts = streamOf(stream);
      return { ...counts, spansBySource: { ...counts.spansBySource } };
    },
    reset: () => streams.clear(),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
