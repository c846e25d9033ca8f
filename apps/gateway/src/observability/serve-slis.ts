import type { IncomingMessage, ServerResponse } from 'node:http';
import { hasAdminSecret, sendJson } from '@fedbase/http';
import { WINDOWS, type PerWindow, type SliRecorder, type SliSnapshot, type SloConfig } from '@fedbase/slo';
import type { Logger } from '@fedbase/telemetry';
import { fetchWebhookOutcomes, type WebhookOutcomes } from './fetch-webhook-outcomes.ts';

export interface SlisHandlerOptions {
  slis: SliRecorder;
  sloConfig: SloConfig;
  adminSecret: string | undefined;
  /** The events subgraph's base URL, asked for webhook outcomes. */
  eventsUrl: string;
  logger: Logger;
  /** How long the events subgraph's answer is reused, so a dashboard per operator is no load. @default 5000 */
  webhookCacheMs?: number;
}

/** What `/slis` serves: this gateway's snapshot, with webhook rates from the events subgraph. */
export type GatewaySlis = SliSnapshot & {
  /** Sources that could not be read for this answer (their figures are null). */
  warnings: string[];
};

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/**
 * `GET /slis`: this gateway's SLIs against the SLO configuration, as JSON, for the operator only
 * (`x-admin-secret`): the dashboard and alerting scripts read it; Prometheus reads `/metrics`.
 */
export function createSlisHandler(options: SlisHandlerOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const cacheMs = options.webhookCacheMs ?? 5_000;
  let cached: { at: number; outcomes: Promise<WebhookOutcomes> } | undefined;
  const webhookOutcomes = () => {
    if (!cached || Date.now() - cached.at > cacheMs) {
      const outcomes = fetchWebhookOutcomes(options.eventsUrl, options.adminSecret!);
      cached = { at: Date.now(), outcomes };
      // A failed read is not kept: the next request asks again.
      outcomes.catch(() => {
        if (cached?.outcomes === outcomes) cached = undefined;
      });
    }
    return cached.outcomes;
  };

  return async (req, res) => {
    if (!options.adminSecret) {
      sendJson(res, 403, { error: 'The SLIs are for the operator: start the gateway with ADMIN_SECRET and send it in x-admin-secret.' });
      return;
    }
    if (!hasAdminSecret(req, options.adminSecret)) {
      sendJson(res, 401, { error: "Send the operator's secret (ADMIN_SECRET) in x-admin-secret to read the SLIs." });
      return;
    }
    const snapshot: GatewaySlis = { ...options.slis.snapshot(options.sloConfig), warnings: [] };
    try {
      const outcomes = await webhookOutcomes();
      const per = <T>(rate: (window: WebhookOutcomes[keyof WebhookOutcomes]) => T) =>
        Object.fromEntries(WINDOWS.map((window) => [window, rate(outcomes[window])])) as PerWindow<T>;
      snapshot.webhookSuccessRate = per(({ succeeded, failed, dead }) => ratio(succeeded, succeeded + failed + dead));
      snapshot.deadLetterRate = per(({ succeeded, dead }) => ratio(dead, succeeded + dead));
    } catch (error) {
      options.logger.warn({ err: error }, 'reading webhook outcomes for /slis failed');
      snapshot.warnings.push('Webhook rates are missing: the events subgraph did not answer; they return when it does.');
    }
    res.setHeader('cache-control', 'no-store');
    sendJson(res, 200, snapshot);
  };
}
