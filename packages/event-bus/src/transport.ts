/** Receives a raw message for a topic (an exact channel or a `*` pattern) the transport listens to. */
export type TransportListener = (topic: string, channel: string, data: string) => void;

/**
 * What the bus needs from a medium. Topics are the strings subscribers passed; the bus calls
 * `listen`/`unlisten` once per topic however many local subscribers share it.
 */
export interface Transport {
  publish(channel: string, data: string): Promise<void>;
  listen(topic: string): Promise<void>;
  unlisten(topic: string): Promise<void>;
  /** True when the medium can carry messages right now. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
