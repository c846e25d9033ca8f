import { readFile } from 'node:fs/promises';
import { ConfigError } from '@fedbase/config';
import { DEFAULT_SLO_CONFIG, parseSloConfig, type SloConfig } from './slo-config.ts';

/**
 * Reads the SLO file at `path` (JSON) at boot, or returns the defaults when no path is configured.
 * Every problem, unreadable file and bad JSON included, is a ConfigError whose lines start with
 * the file's path, so the boot log says which file to fix and where.
 */
export async function loadSloConfig(path: string | undefined): Promise<SloConfig> {
  if (path === undefined) return DEFAULT_SLO_CONFIG;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError([`${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`]);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new ConfigError([`${path}: is not JSON (${(error as Error).message})`]);
  }
  try {
    return parseSloConfig(document);
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(error.problems.map((problem) => `${path}: ${problem}`));
    throw error;
  }
}
