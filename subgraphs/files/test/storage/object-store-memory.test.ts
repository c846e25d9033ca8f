import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBody, MiB } from './generate-body.ts';
import { backends, type StoreFixture } from './store-backends.ts';

interface Usage {
  rss: number;
  /** JS heap plus Buffers and other ArrayBuffers: what this process's code holds, whatever the allocator keeps. */
  held: number;
}

const usage = (): Usage => {
  const { rss, heapUsed, arrayBuffers } = process.memoryUsage();
  return { rss, held: heapUsed + arrayBuffers };
};
/**
 * How far memory may grow while 200 MiB stream through; holding the file would take 200 MiB or more.
 *
 * The metric is RSS, the honest one for "the process did not buffer the file". s3rver runs in this
 * process, so for S3 it covers the server too; that is still fair, because s3rver streams each part
 * request into a file (its putPart pipes the request) and adds stream buffers, not parts.
 *
 * Disk: only stream buffers are alive, and RSS grows by about 10 MiB.
 * S3: lib-storage keeps about (queueSize + 1) x 8 MiB of parts alive, each part a fresh 8 MiB
 * Buffer.concat. Dead parts are freed only by V8's old-generation collections, which come less
 * often, so several can sit on top of the live ones: RSS grew 33 MiB with this file alone and
 * 75-80 MiB with the other test files sharing the two cores. Live memory is what stays flat:
 * with --expose-gc and a gc() before each sample it peaked at +18 MiB, whatever the file's size.
 */
const growthBudget: Record<string, number> = { disk: 60 * MiB, s3: 120 * MiB };

const inMiB = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;

/** Runs `work` while sampling memory every 50 ms; the peak growth over the usage at the start. */
async function measurePeakGrowth<T>(work: () => Promise<T>): Promise<{ result: T; growth: Usage }> {
  const baseline = usage();
  const peak = { ...baseline };
  const sample = () => {
    const now = usage();
    peak.rss = Math.max(peak.rss, now.rss);
    peak.held = Math.max(peak.held, now.held);
  };
  const timer = setInterval(sample, 50);
  try {
    const result = await work();
    sample();
    return { result, growth: { rss: peak.rss - baseline.rss, held: peak.held - baseline.held } };
  } finally {
    clearInterval(timer);
  }
}

describe.each(backends)('the $name object store under a 200 MiB upload', ({ name, start }) => {
  let fixture: StoreFixture;
  beforeAll(async () => {
    fixture = await start();
  });
  afterAll(() => fixture?.close());

  it('streams it with flat memory and stores it with the SHA-256 computed alongside', async () => {
    const key = `${randomUUID()}/${randomUUID()}`;
    const writeOptions = { contentType: 'application/octet-stream', maxBytes: 256 * MiB };
    // One smaller write first, so loading code, buffer pools and connections do not count as growth.
    await fixture.store.write(key, generateBody(24 * MiB).stream, writeOptions);

    const body = generateBody(200 * MiB);
    const startedAt = Date.now();
    const { result, growth } = await measurePeakGrowth(() => fixture.store.write(key, body.stream, writeOptions));
    console.log(`[${name}] 200 MiB write in ${((Date.now() - startedAt) / 1000).toFixed(1)} s: peak growth RSS +${inMiB(growth.rss)}, heap + ArrayBuffers +${inMiB(growth.held)}`);

    expect(result).toEqual({ size: 200 * MiB, sha256: body.sha256() });
    expect(await fixture.store.stat(key)).toEqual({ size: 200 * MiB });
    expect(growth.rss).toBeLessThan(growthBudget[name] ?? 0);
    expect(growth.held).toBeLessThan(growthBudget[name] ?? 0);
    await fixture.store.delete(key);
  });
});
