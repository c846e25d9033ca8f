import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@fedbase/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SLO_CONFIG, loadSloConfig, parseSloConfig } from '../src/index.ts';

function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseSloConfig', () => {
  it('fills the defaults: 99.9% availability, a 500 ms p95 for every operation, 30 days', () => {
    expect(parseSloConfig({})).toEqual({
      availability: { objective: 0.999 },
      latency: { defaultP95Ms: 500, operations: {} },
      windowDays: 30,
    });
  });

  it('keeps per-operation p95 targets beside the defaults it fills', () => {
    const config = parseSloConfig({ latency: { operations: { GetPosts: { p95Ms: 200 } } } });
    expect(config.latency).toEqual({ defaultP95Ms: 500, operations: { GetPosts: { p95Ms: 200 } } });
    expect(config.availability.objective).toBe(0.999);
  });

  it('names the path of every problem at once', () => {
    const problems = problemsOf(() =>
      parseSloConfig({
        availability: { objective: 1 },
        latency: { defaultP95Ms: -5, operations: { GetPosts: { p95Ms: 'fast' } } },
        windowDays: 0.5,
      }),
    );
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/^availability\.objective: must be below 1/);
    expect(problems.some((line) => line.startsWith('latency.defaultP95Ms: '))).toBe(true);
    expect(problems.some((line) => line.startsWith('latency.operations.GetPosts.p95Ms: '))).toBe(true);
    expect(problems.some((line) => line.startsWith('windowDays: '))).toBe(true);
  });

  it('names each unknown key by its full path', () => {
    const problems = problemsOf(() => parseSloConfig({ latency: { p95: 1, operations: { A: { p99Ms: 2, p95Ms: 3 } } } }));
    expect([...problems].sort()).toEqual(['latency.operations.A.p99Ms: unknown key', 'latency.p95: unknown key']);
  });

  it('refuses a latency target beyond what the histogram can measure', () => {
    expect(problemsOf(() => parseSloConfig({ latency: { defaultP95Ms: 120_000 } }))).toEqual([
      'latency.defaultP95Ms: must be at most 60000 ms',
    ]);
  });

  it('refuses a document that is not an object, naming the root', () => {
    expect(problemsOf(() => parseSloConfig([]))[0]).toMatch(/^\(root\): /);
  });

  it('returns a deeply frozen config', () => {
    const config = parseSloConfig({ latency: { operations: { GetPosts: { p95Ms: 200 } } } });
    expect(Object.isFrozen(config.latency.operations.GetPosts)).toBe(true);
    expect(Object.isFrozen(DEFAULT_SLO_CONFIG.availability)).toBe(true);
  });
});

describe('loadSloConfig', () => {
  let dir: string;
  beforeAll(async () => void (dir = await mkdtemp(join(tmpdir(), 'fedbase-slo-'))));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('returns the defaults when no file is configured', async () => {
    expect(await loadSloConfig(undefined)).toBe(DEFAULT_SLO_CONFIG);
  });

  it('reads and validates a JSON file', async () => {
    const path = join(dir, 'slo.json');
    await writeFile(path, JSON.stringify({ availability: { objective: 0.995 }, windowDays: 28 }));
    expect(await loadSloConfig(path)).toMatchObject({ availability: { objective: 0.995 }, windowDays: 28 });
  });

  it('prefixes every problem with the file, unreadable and malformed files included', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ windowDays: 'thirty' }));
    await expect(loadSloConfig(bad)).rejects.toThrow(`${bad}: windowDays: `);
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{ "windowDays": ');
    await expect(loadSloConfig(broken)).rejects.toThrow(`${broken}: is not JSON`);
    await expect(loadSloConfig(join(dir, 'missing.json'))).rejects.toThrow(/missing\.json: cannot be read \(ENOENT\)/);
  });
});
