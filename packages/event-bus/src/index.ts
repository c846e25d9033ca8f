export { createEventBus } from './create-event-bus.ts';
export type { BusMessage, EventBus, SubscribeOptions, Subscription } from './event-bus.ts';
export type { EventBusOptions } from './event-bus-options.ts';
export { mapMessages } from './map-messages.ts';
