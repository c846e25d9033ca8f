import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface SendWebhookInput {
  url: string | URL;
  /** The `whsec_` signing secret. */
  secret: string;
  /** `webhook-id`: the same on every attempt of a delivery, so receivers can drop repeats. */
  messageId: string;
  /** `webhook-timestamp`: when this attempt is made (receivers refuse old ones, against replay). */
  timestamp: Date;
  body: string;
  /** The whole attempt's limit: connecting, sending, and reading the response to its end. */
  timeoutMs: number;
  /** Resolves the host name; `createGuardedLookup` keeps private addresses out. */
  lookup: LookupFunction;
}

export interface SendWebhookResult {
  /** The receiver answered 2xx. */
  ok: boolean;
  statusCode?: number;
  /** Why it did not work, fit to show the project: no URL (it may hold a token) and no secret. */
  error?: string;
}

// Receivers are meant to answer "received"; whatever else they send is read only this far.
const maxResponseBytes = 4 * 1024;
const maxErrorSnippet = 200;

/**
 * One signed delivery attempt per the Standard Webhooks spec. Never throws: every failure (no
 * connection, a timeout, a non-2xx answer) comes back as `{ ok: false, error }`. Redirects are not
 * followed, since following one would send the payload and signature to a destination nobody checked.
 */
export function sendWebhook(input: SendWebhookInput): Promise<SendWebhookResult> {
  const { secret, messageId, timestamp, body, timeoutMs, lookup } = input;
  return new Promise((resolve) => {
    let request: ClientRequest | undefined;
    let settled = false;
    const finish = (result: SendWebhookResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request?.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ ok: false, error: `no complete response within ${timeoutMs} ms` }), timeoutMs);

    const onResponse = (response: IncomingMessage) => {
      const statusCode = response.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let received = 0;
      const done = () => finish(outcome(statusCode, Buffer.concat(chunks).toString('utf8')));
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        received += chunk.length;
        if (received >= maxResponseBytes) done();
      });
      response.on('end', done);
      response.on('error', (error) => finish({ ok: false, statusCode, error: `the response broke off: ${error.message}` }));
    };

    try {
      const url = new URL(input.url);
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const signature = new Webhook(secret).sign(messageId, timestamp, body);
      request = send(url, {
        method: 'POST',
        // A fresh connection per attempt: each one goes through `lookup`, and none outlives the attempt.
        agent: false,
        lookup,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'Fedbase-Webhooks/1',
          'webhook-id': messageId,
          'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
          'webhook-signature': signature,
        },
      }, onResponse);
      request.on('error', (error) => finish({ ok: false, error: error.message }));
      request.end(body);
    } catch (error) {
      finish({ ok: false, error: error instanceof Error ? error.message : 'the request could not be made' });
    }
  });
}

function outcome(statusCode: number, responseText: string): SendWebhookResult {
  if (statusCode >= 200 && statusCode < 300) return { ok: true, statusCode };
  if (statusCode >= 300 && statusCode < 400) {
    return { ok: false, statusCode, error: `the receiver answered ${statusCode} and redirects are not followed: point the webhook at the final URL` };
  }
  const snippet = responseText.replace(/\s+/g, ' ').trim().slice(0, maxErrorSnippet);
  return { ok: false, statusCode, error: `the receiver answered ${statusCode}${snippet ? `: ${snippet}` : ''}` };
}
