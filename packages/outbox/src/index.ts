export { createEventLogForwarder, type EventLogForwarderOptions } from './create-event-log-forwarder.ts';
export { createOutboxRelay, type OutboxRelay, type OutboxRelayOptions } from './create-outbox-relay.ts';
export { outboxChannel } from './outbox-channel.ts';
export type { OutboxRow } from './outbox-row.ts';
