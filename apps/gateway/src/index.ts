export { parseGatewayConfig, type GatewayConfig } from './gateway-config.ts';
export { startGatewayServer, type RunningGateway, type StartGatewayServerOptions } from './start-gateway-server.ts';
