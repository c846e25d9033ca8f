export { ConfigError, parseConfig } from './parse-config.ts';
export * as variables from './variables.ts';
export { z } from 'zod';
