import { randomBytes } from 'node:crypto';
import { createTestDatabase, startStack, startTcpProxy, type RunningStack, type StackProject, type TcpProxy, type TestDatabase } from '@fedbase/testing';

export interface RunningCluster {
  /** The load balancer's URL: what clients use. */
  readonly url: string;
  /** Two launchers, each with a gateway and one of each subgraph, on one PostgreSQL and one Redis. */
  readonly stacks: readonly [RunningStack, RunningStack];
  readonly balancer: TcpProxy;
  /** The first project, made by whichever launcher won the bootstrap. */
  readonly project: StackProject;
  /** How many launchers reported a first project (the bootstrap race's outcome; should be 1). */
  readonly firstProjects: number;
  stop(): Promise<void>;
}

/**
 * The production topology on one machine: two gateways behind a round-robin balancer and two
 * instances of every subgraph, all on a fresh PostgreSQL database and the machine's Redis. Both
 * launchers start at the same moment, so migrations and the first-project bootstrap race as they
 * would when a deployment scales from zero.
 */
export async function startCluster(env: Record<string, string> = {}): Promise<RunningCluster> {
  const database: TestDatabase = await createTestDatabase();
  const shared = {
    DATABASE_URL: database.url,
    REDIS_URL: 'redis://127.0.0.1:6379',
    ADMIN_SECRET: randomBytes(32).toString('base64url'),
    PASSWORD_HASH_COST: '10',
    AUTH_ATTEMPTS_PER_IP: '100000',
    ...env,
  };
  const started = await Promise.allSettled([startStack({ env: shared, timeoutMs: 180_000 }), startStack({ env: shared, timeoutMs: 180_000 })]);
  const stacks = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failure = started.find((result) => result.status === 'rejected');
  if (failure || stacks.length !== 2) {
    await Promise.all(stacks.map((stack) => stack.stop()));
    await database.drop();
    throw (failure as PromiseRejectedResult | undefined)?.reason ?? new Error('a stack did not start');
  }
  const [one, two] = stacks as [RunningStack, RunningStack];
  const balancer = await startTcpProxy({ targets: [one, two].map((stack) => ({ host: '127.0.0.1', port: Number(new URL(stack.gatewayUrl).port) })) });
  const projects = stacks.flatMap((stack) => (stack.firstProject ? [stack.firstProject] : []));
  return {
    url: `http://127.0.0.1:${balancer.port}`,
    stacks: [one, two],
    balancer,
    project: projects[0]!,
    firstProjects: projects.length,
    async stop() {
      await balancer.close();
      await Promise.all([one.stop(), two.stop()]);
      await database.drop();
    },
  };
}
