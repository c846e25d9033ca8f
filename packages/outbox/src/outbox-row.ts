/** One committed outbox row, as a relay hands it to its destination. */
export interface OutboxRow {
  /** The row's sequence number (a bigint, as text): unique per outbox, increasing per aggregate. */
  readonly id: string;
  readonly projectId: string;
  /** `data.document.updated`, `identity.user.created`, ... */
  readonly topic: string;
  /** What the event is about (a document id, a user id): the unit of ordering. */
  readonly aggregateId: string;
  readonly payload: unknown;
  readonly createdAt: Date;
}
