/** An event as the API shows it. */
export interface EventRecord {
  id: string;
  topic: string;
  payload: unknown;
  createdAt: Date;
}

/** A row of `events.events` as raw SQL returns it. */
export interface EventRow {
  id: string;
  topic: string;
  payload: unknown;
  created_at: Date;
}

export const eventColumns = 'e.id, e.topic, e.payload, e.created_at';

export function toEventRecord(row: EventRow): EventRecord {
  return { id: row.id, topic: row.topic, payload: row.payload, createdAt: new Date(row.created_at) };
}
