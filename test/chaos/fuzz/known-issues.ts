import type { FuzzRequest } from './fuzz-request.ts';

/**
 * Failures the fuzz found in code this pass may not change (another change owns it). Each is
 * reported on every run with its count, and does not fail the test; delete an entry once its fix
 * lands, so the fuzz guards it from then on.
 */
export const knownIssues: readonly { name: string; matches: (request: FuzzRequest, problem: string) => boolean }[] = [];

/** The known issue a failure is, if any. */
export function knownIssueOf(request: FuzzRequest, problem: string): string | undefined {
  return knownIssues.find((issue) => issue.matches(request, problem))?.name;
}

/** Close codes accepted after a client sent a server's message; none since the gateway closes those with 4400. */
export const knownWsCloseCodes = new Set<number>();
