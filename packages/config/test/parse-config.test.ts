import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, variables } from '../src/index.ts';

const shape = {
  PORT: variables.port(4000),
  DATABASE_URL: variables.optionalUrl(['postgres', 'postgresql']),
  DEBUG: variables.boolean(false),
};

describe('parseConfig', () => {
  it('fills defaults for the embedded mode when nothing is set', () => {
    expect(parseConfig(shape, {})).toEqual({ PORT: 4000, DEBUG: false });
  });

  it('treats an empty variable as unset', () => {
    expect(parseConfig(shape, { PORT: '', DATABASE_URL: '' })).toEqual({ PORT: 4000, DEBUG: false });
  });

  it('coerces and returns a frozen object', () => {
    const config = parseConfig(shape, { PORT: '8080', DATABASE_URL: 'postgres://x@h/db', DEBUG: 'true' });
    expect(config).toEqual({ PORT: 8080, DATABASE_URL: 'postgres://x@h/db', DEBUG: true });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reports every bad variable at once, each by name', () => {
    try {
      parseConfig(shape, { PORT: 'eighty', DATABASE_URL: 'mysql://h/db', DEBUG: 'yes' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const { problems } = error as ConfigError;
      expect(problems).toHaveLength(3);
      expect(problems.join('\n')).toMatch(/PORT/);
      expect(problems.join('\n')).toMatch(/DATABASE_URL: must use postgres or postgresql/);
      expect(problems.join('\n')).toMatch(/DEBUG: must be true or false/);
    }
  });
});
