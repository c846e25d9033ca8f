import { startStack, type RunningStack, type StackProject } from '@fedbase/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, signUp, uniqueEmail, type Session } from '../../support/identity-client.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/start-webhook-receiver.ts';

// The outbox promise under a crash: the event log (events subgraph) is frozen with SIGSTOP, so
// the data subgraph's relay cannot forward what it commits; writes go on, the data subgraph is
// SIGKILLed with events committed but not yet forwarded, the launcher restarts it, the log thaws.
// Every acknowledged write must still reach the webhook: delivered + dead = published.
describe('events across a SIGKILL of the relaying subgraph', () => {
  let stack: RunningStack;
  let project: StackProject;
  let ann: Session;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    stack = await startStack({ env: { PASSWORD_HASH_COST: '10', AUTH_ATTEMPTS_PER_IP: '10000', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_BACKOFF_MS: '50' } });
    project = stack.firstProject!;
    receiver = await startWebhookReceiver();
    const url = receiver.url;
    await gql(stack.gatewayUrl, 'mutation { createCollection(name: "ledger", fields: [{ name: "n", type: INT }], rules: { read: "public" }) { name } }', {}, { key: project.secretKey });
    const hook = await gql(stack.gatewayUrl, 'mutation ($u: String!) { createWebhook(url: $u, topics: ["data.document.created"]) { webhook { id } } }', { u: url }, { key: project.secretKey });
    expect(hook.body.errors).toBeUndefined();
    ann = await signUp(stack.gatewayUrl, project.publishableKey, uniqueEmail('ann'));
  });

  afterAll(async () => {
    if (stack?.pids['events']) process.kill(stack.pids['events'], 'SIGCONT');
    await receiver?.close();
    await stack?.stop();
  });

  it('delivers every acknowledged write once the killed subgraph is back', async () => {
    const eventsPid = stack.pids['events']!;
    const dataPid = stack.pids['data']!;
    const acknowledged: string[] = [];
    const write = async (n: number) => {
      const response = await gql(stack.gatewayUrl, 'mutation ($d: JSON!) { createDocument(collection: "ledger", data: $d) { id } }', { d: { n } }, { key: project.publishableKey, token: ann.accessToken });
      const id = response.body.data?.['createDocument']?.id as string | undefined;
      if (id) acknowledged.push(id);
    };
    process.kill(eventsPid, 'SIGSTOP');
    let failedWhileDown = 0;
    try {
      for (let n = 0; n < 40; n += 1) await write(n);
      process.kill(dataPid, 'SIGKILL');
      // While data restarts, writes fail (not acknowledged, so not owed an event); go on until
      // the restarted process has acknowledged ten more.
      const restartDeadline = Date.now() + 60_000;
      for (let n = 40; acknowledged.length < 50 && Date.now() < restartDeadline; n += 1) {
        const before = acknowledged.length;
        await write(n);
        if (acknowledged.length === before) failedWhileDown += 1;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      process.kill(eventsPid, 'SIGCONT');
    }
    const deadline = Date.now() + 60_000;
    while (acknowledged.some((id) => !receiver.received.has(id)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));

    const missing = acknowledged.filter((id) => !receiver.received.has(id));
    console.log(`crash test: ${acknowledged.length} writes acknowledged, ${failedWhileDown} refused while data restarted, ${receiver.received.size} delivered, ${missing.length} missing`);
    expect(missing).toEqual([]);
    expect(acknowledged.length).toBe(50);
  }, 120_000);
});
