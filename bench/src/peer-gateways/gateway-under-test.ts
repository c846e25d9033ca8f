/** A gateway started by the peer benchmark, serving the workload's supergraph. */
export interface GatewayUnderTest {
  /** Where its GraphQL endpoint answers POST requests. */
  readonly url: string;
  close(): Promise<void>;
}
