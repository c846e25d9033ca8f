/**
 * The bus channel a relay publishes an outbox row on: `<source>:<project id>:<topic>`. The source
 * (the subgraph whose outbox it is) keeps the data subgraph's `data.document.created` apart from
 * the event log's copy of it on a shared Redis; the project id keeps tenants apart, so a
 * subscriber only ever listens to its own project. `topic` may be a pattern ending in `*`.
 */
export function outboxChannel(source: string, projectId: string, topic: string): string {
  return `${source}:${projectId}:${topic}`;
}
