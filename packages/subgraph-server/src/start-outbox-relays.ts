import type { Database } from '@fedbase/db';
import type { EventBus } from '@fedbase/event-bus';
import { createEventLogForwarder, createOutboxRelay, outboxChannel, type OutboxRelay } from '@fedbase/outbox';
import type { Logger } from '@fedbase/telemetry';
import type { SubgraphConfig } from './subgraph-config.ts';

/** How long a stopping subgraph spends relaying what is left in its outbox. */
const shutdownFlushMs = 5_000;

/** What a subgraph's services call after committing outbox rows. */
export interface OutboxKicker {
  /** Relays what was just committed now instead of at the next poll. */
  kick(): void;
}

export interface OutboxRelays extends OutboxKicker {
  close(): Promise<void>;
}

/**
 * The relays of a subgraph's `outbox` table: one publishes each row on the event bus (subscription
 * resolvers of every instance read it there), one forwards it to the events subgraph's log (which
 * feeds webhooks), each at its own pace so neither waits for the other. The events subgraph, being
 * the log, only publishes.
 */
export function startOutboxRelays(options: { config: SubgraphConfig; db: Database; bus: EventBus; logger: Logger; forwardToEventLog: boolean }): OutboxRelays {
  const { config, db, bus, logger } = options;
  const source = config.name;
  const relays: OutboxRelay[] = [
    createOutboxRelay({
      db,
      schema: source,
      column: 'published_at',
      deliver: async (rows) => {
        for (const row of rows) await bus.publish(outboxChannel(source, row.projectId, row.topic), row);
      },
      onError: (error) => logger.warn({ err: error }, 'publishing outbox rows failed; retrying with back-off (logged once until it works again)'),
      onRecover: (failedPasses) => logger.info({ failedPasses }, 'publishing outbox rows works again'),
    }),
  ];
  if (options.forwardToEventLog) {
    if (config.adminSecret) {
      relays.push(
        createOutboxRelay({
          db,
          schema: source,
          column: 'forwarded_at',
          deliver: createEventLogForwarder({ eventsUrl: config.eventsUrl, adminSecret: config.adminSecret, source }),
          onError: (error) => logger.warn({ err: error }, 'forwarding system events to the event log failed; retrying with back-off (logged once until it works again)'),
          onRecover: (failedPasses) => logger.info({ failedPasses }, 'forwarding system events to the event log works again'),
        }),
      );
    } else {
      // Rows wait (forwarded_at stays null) and go out once the process runs with the secret.
      logger.warn('ADMIN_SECRET is not set: system events are not forwarded to the event log (webhooks, `events`)');
    }
  }
  for (const relay of relays) relay.start();
  return {
    kick: () => relays.forEach((relay) => relay.kick()),
    close: async () => {
      // A stopping instance sends what it committed before it goes (bounded: a destination that is
      // down keeps the rows for the next instance's relay, nothing is lost either way).
      const flushed = Promise.allSettled(relays.map((relay) => relay.drain()));
      await Promise.race([flushed, new Promise((resolve) => setTimeout(resolve, shutdownFlushMs).unref())]);
      await Promise.all(relays.map((relay) => relay.close()));
    },
  };
}
