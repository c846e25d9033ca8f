import type { DeliveryStatus } from '@fedbase/prisma';

/** A webhook as the API shows it: never its secret, sealed or not. */
export interface WebhookRecord {
  id: string;
  url: string;
  topics: string[];
  description: string | null;
  enabled: boolean;
  createdAt: Date;
}

/** A delivery as the API shows it; the resolver loads `event` from `eventId`. */
export interface DeliveryRecord {
  id: string;
  eventId: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
}

/** Prisma `select`s of exactly the fields above, so a secret cannot slip into an answer. */
export const webhookFields = { id: true, url: true, topics: true, description: true, enabled: true, createdAt: true } as const;
export const deliveryFields = { id: true, eventId: true, status: true, attempts: true, lastStatusCode: true, lastError: true, nextAttemptAt: true } as const;

/** A `events.deliveries` row as raw SQL returns it. */
export interface DeliveryRow {
  id: string;
  event_id: string;
  status: DeliveryStatus;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: Date | string | null;
}

export const deliveryColumns = 'id, event_id, status, attempts, last_status_code, last_error, next_attempt_at';

export function toDeliveryRecord(row: DeliveryRow): DeliveryRecord {
  return {
    id: row.id,
    eventId: row.event_id,
    status: row.status,
    attempts: row.attempts,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    nextAttemptAt: row.next_attempt_at === null ? null : new Date(row.next_attempt_at),
  };
}
