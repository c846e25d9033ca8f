import { randomBytes } from 'node:crypto';
import { auditActor, requireSecretKey, type RequestContext } from '@fedbase/context';
import { isUuid, type Database } from '@fedbase/db';
import { Errors } from '@fedbase/errors';
import { DeliveryStatus, type Prisma } from '@fedbase/prisma';
import type { SecretBox } from '@fedbase/secret-box';
import { recordEvent } from '../event-log/record-event.ts';
import { assertDeliverableUrl } from './destination-guard.ts';
import { assertValidTopicPatterns } from './topic-patterns.ts';
import { deliveryColumns, deliveryFields, toDeliveryRecord, webhookFields, type DeliveryRecord, type DeliveryRow, type WebhookRecord } from './webhook-records.ts';

export interface CreateWebhookInput {
  url: string;
  topics: readonly string[];
  description?: string | null;
}

export interface UpdateWebhookInput {
  enabled?: boolean | undefined;
  topics?: readonly string[] | undefined;
}

export interface ListDeliveriesInput {
  status?: DeliveryStatus | undefined;
  /** @default 20, at most 100 */
  first?: number | undefined;
}

/** Managing a project's webhooks; every operation needs the secret key. */
export interface WebhookService {
  /** The `whsec_` secret is in this answer and nowhere else: it is stored sealed. */
  createWebhook(context: RequestContext, input: CreateWebhookInput): Promise<{ webhook: WebhookRecord; secret: string }>;
  updateWebhook(context: RequestContext, id: string, input: UpdateWebhookInput): Promise<WebhookRecord>;
  listWebhooks(context: RequestContext): Promise<WebhookRecord[]>;
  /** Newest first. */
  listDeliveries(context: RequestContext, webhookId: string, input?: ListDeliveriesInput): Promise<DeliveryRecord[]>;
  /** Sends a delivery again, whatever its status, with a fresh budget of attempts. */
  redeliver(context: RequestContext, deliveryId: string): Promise<DeliveryRecord>;
  /** Redelivers every DEAD delivery of a webhook; returns how many. */
  replayDeadLetters(context: RequestContext, webhookId: string): Promise<number>;
}

export interface WebhookServiceOptions {
  db: Database;
  /** Seals signing secrets at rest. */
  secretBox: SecretBox;
  /** WEBHOOK_ALLOW_PRIVATE_NETWORKS: accept loopback and private destinations. */
  allowPrivateNetworks: boolean;
  /** Called after a commit that logged an event (the audit entry of a change): relay and deliver it now. */
  afterCommit?: () => void;
}

/** A privileged action on webhooks, for the audit log. */
interface WebhookAudit {
  context: RequestContext;
  projectId: string;
  action: 'webhook.created' | 'webhook.updated' | 'dead_letters.replayed';
  webhookId: string;
  details: Prisma.InputJsonObject;
}

/**
 * Logs `audit.events.<action>` in the transaction of the change. This subgraph's outbox is not
 * forwarded to the log (it is the log), so the event is recorded here directly, which appends it
 * to the audit chain like an ingested one.
 */
async function recordAudit(tx: Prisma.TransactionClient, { context, projectId, action, webhookId, details }: WebhookAudit): Promise<void> {
  await recordEvent(tx, {
    projectId,
    topic: `audit.events.${action}`,
    payload: { actor: auditActor(context), target: { type: 'webhook', id: webhookId }, details },
    idempotencyKey: null,
    source: 'events',
  });
}

/** The destination without query or fragment: those may carry a token, and the audit log keeps no secrets. */
const auditedUrl = (href: string) => {
  const url = new URL(href);
  return `${url.origin}${url.pathname}`;
};

const maxDescriptionLength = 500;
const deliveryStatuses = new Set<string>(Object.values(DeliveryStatus));

// Back to the queue, due now. A row leased to a worker is left alone: clearing its lease would
// let a second worker send it while the first is still sending it.
const requeue = `UPDATE events.deliveries SET status = 'PENDING', attempts = 0, next_attempt_at = now(), locked_until = NULL, updated_at = now()
  WHERE project_id = $1::uuid AND (locked_until IS NULL OR locked_until <= now())`;

export function createWebhookService({ db, secretBox, allowPrivateNetworks, afterCommit = () => {} }: WebhookServiceOptions): WebhookService {
  const notFound = (what: string, id: string) => Errors.notFound(`The ${what} ${JSON.stringify(id.slice(0, 80))}`);

  /** The webhook's id when it is the project's, else NOT_FOUND. */
  const assertOwnWebhook = async (projectId: string, id: string): Promise<void> => {
    const found = isUuid(id) && (await db.prisma.webhook.findFirst({ where: { id, projectId }, select: { id: true } }));
    if (!found) throw notFound('webhook', id);
  };

  return {
    async createWebhook(context, { url, topics, description = null }) {
      const projectId = requireSecretKey(context).id;
      const destination = assertDeliverableUrl(url, { allowPrivateNetworks });
      assertValidTopicPatterns(topics);
      if (description !== null && description.length > maxDescriptionLength) {
        throw Errors.badUserInput(`A description is at most ${maxDescriptionLength} characters.`, { field: 'description' });
      }
      // 32 random bytes, base64 behind `whsec_`: the form Standard Webhooks libraries expect.
      const secret = `whsec_${randomBytes(32).toString('base64')}`;
      const webhook = await db.prisma.$transaction(async (tx) => {
        const created = await tx.webhook.create({
          data: { projectId, url: destination.href, topics: [...new Set(topics)], description, secretSealed: secretBox.seal(secret) },
          select: webhookFields,
        });
        const details = { url: auditedUrl(created.url), topics: created.topics };
        await recordAudit(tx, { context, projectId, action: 'webhook.created', webhookId: created.id, details });
        return created;
      });
      afterCommit();
      return { webhook, secret };
    },

    async updateWebhook(context, id, { enabled, topics }) {
      const projectId = requireSecretKey(context).id;
      if (topics !== undefined) assertValidTopicPatterns(topics);
      if (!isUuid(id)) throw notFound('webhook', id);
      const changes = { ...(enabled !== undefined ? { enabled } : {}), ...(topics !== undefined ? { topics: [...new Set(topics)] } : {}) };
      const webhook = await db.prisma.$transaction(async (tx) => {
        const { count } = Object.keys(changes).length ? await tx.webhook.updateMany({ where: { id, projectId }, data: changes }) : { count: 0 };
        const found = await tx.webhook.findFirst({ where: { id, projectId }, select: webhookFields });
        if (!found) throw notFound('webhook', id);
        if (count > 0) await recordAudit(tx, { context, projectId, action: 'webhook.updated', webhookId: id, details: changes });
        return found;
      });
      afterCommit();
      return webhook;
    },

    async listWebhooks(context) {
      const projectId = requireSecretKey(context).id;
      return db.prisma.webhook.findMany({ where: { projectId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: webhookFields });
    },

    async listDeliveries(context, webhookId, { status, first = 20 } = {}) {
      const projectId = requireSecretKey(context).id;
      if (!Number.isInteger(first) || first < 0 || first > 100) throw Errors.badUserInput('first is 0 to 100.', { field: 'first' });
      if (status !== undefined && !deliveryStatuses.has(status)) {
        throw Errors.badUserInput(`status is one of ${[...deliveryStatuses].join(', ')}.`, { field: 'status' });
      }
      await assertOwnWebhook(projectId, webhookId);
      return db.prisma.delivery.findMany({
        where: { projectId, webhookId, ...(status ? { status } : {}) },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: first,
        select: deliveryFields,
      });
    },

    async redeliver(context, deliveryId) {
      const projectId = requireSecretKey(context).id;
      if (!isUuid(deliveryId)) throw notFound('delivery', deliveryId);
      const [row] = await db.query<DeliveryRow>(`${requeue} AND id = $2::uuid RETURNING ${deliveryColumns}`, [projectId, deliveryId]);
      if (row) return toDeliveryRecord(row);
      const exists = await db.prisma.delivery.findFirst({ where: { id: deliveryId, projectId }, select: { id: true } });
      if (!exists) throw notFound('delivery', deliveryId);
      throw Errors.conflict('The delivery is being attempted right now: redeliver it once this attempt is over (within the webhook timeout).');
    },

    async replayDeadLetters(context, webhookId) {
      const projectId = requireSecretKey(context).id;
      await assertOwnWebhook(projectId, webhookId);
      const replayed = await db.prisma.$transaction(async (tx) => {
        const rows = await tx.$queryRawUnsafe<{ id: string }[]>(`${requeue} AND webhook_id = $2::uuid AND status = 'DEAD' RETURNING id`, projectId, webhookId);
        await recordAudit(tx, { context, projectId, action: 'dead_letters.replayed', webhookId, details: { deliveries: rows.length } });
        return rows.length;
      });
      afterCommit();
      return replayed;
    },
  };
}
