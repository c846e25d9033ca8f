import type { RunningStack } from '@fedbase/testing';
import { readAdmittedRequests } from './read-admitted-requests.ts';
import { readBilledRequests } from './read-billed-requests.ts';
import { readMeteredRequests } from './read-metered-requests.ts';

/** One stack's request counts at one moment, once its meter had time to flush. */
export interface Metering {
  /** The gateway's own count of the project requests it let through; undefined with enforcement off. */
  readonly admitted: number | undefined;
  /** Billing's count right after, read outside the gateway: equal to `admitted` when nothing was lost or counted twice. */
  readonly billed: number;
  /**
   * `usage { requests }` with the secret key, last. The query is itself a request of the project,
   * metered when the gateway lets it through, before billing resolves it: a flush landing in
   * between includes it, so this is `billed` or one more.
   */
  readonly usage: number;
}

/** Reads, in this order, the gateway's count, billing's, and the project's own usage query. */
export async function readMetering(stack: RunningStack): Promise<Metering> {
  const project = stack.firstProject;
  const billingUrl = stack.urls['billing'];
  if (!project || !billingUrl) throw new Error('the stack reported no first project or no billing URL');
  const admitted = await readAdmittedRequests(stack.gatewayUrl);
  const billed = await readBilledRequests(billingUrl, stack.adminSecret, project.projectId);
  const usage = await readMeteredRequests(`${stack.gatewayUrl}/graphql`, project.secretKey);
  return { admitted, billed, usage };
}
