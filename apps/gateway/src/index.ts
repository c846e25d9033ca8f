export { parseGatewayConfig, type GatewayConfig } from './gateway-config.ts';
export { startGatewayServer, type RunningGateway, type StartGatewayServerOptions } from './start-gateway-server.ts';
export type { ServedSupergraph } from './create-gateway.ts';
export { createDashboardHandler, type DashboardHandler, type DashboardHandlerOptions } from './dashboard/index.ts';
