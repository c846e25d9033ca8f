import type { Logger } from '@fedbase/telemetry';
import { describe, expect, it, vi } from 'vitest';
import { createReadinessCheck } from '../src/create-readiness-check.ts';

const fakeLogger = () => ({ warn: vi.fn(), info: vi.fn() });

describe('readiness checks', () => {
  it('is ready when every check passes, and names each result', async () => {
    const check = createReadinessCheck({ checks: { database: async () => true, eventBus: async () => true }, logger: fakeLogger() as unknown as Logger });

    expect(await check()).toEqual({ ready: true, checks: { database: true, eventBus: true } });
  });

  it('is not ready while one check fails or throws, and says which', async () => {
    const check = createReadinessCheck({
      checks: { database: async () => { throw new Error('ECONNREFUSED'); }, eventBus: async () => true },
      logger: fakeLogger() as unknown as Logger,
    });

    expect(await check()).toEqual({ ready: false, checks: { database: false, eventBus: true } });
  });

  it('counts a check that hangs as failed within its bound, so the caller still learns which', async () => {
    const check = createReadinessCheck({ checks: { database: () => new Promise(() => {}) }, logger: fakeLogger() as unknown as Logger, timeoutMs: 50 });
    const started = performance.now();

    expect(await check()).toEqual({ ready: false, checks: { database: false } });
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('logs a dependency lost once and back once, however often it is polled', async () => {
    let up = true;
    const logger = fakeLogger();
    const check = createReadinessCheck({ checks: { database: async () => up }, logger: logger as unknown as Logger });

    await check();
    up = false;
    for (let poll = 0; poll < 5; poll += 1) await check();
    up = true;
    for (let poll = 0; poll < 5; poll += 1) await check();

    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith({ check: 'database' }, 'not ready: database unreachable');
    expect(logger.info).toHaveBeenCalledTimes(1);
    expect(logger.info).toHaveBeenCalledWith({ check: 'database' }, 'ready again: database reachable');
  });
});
