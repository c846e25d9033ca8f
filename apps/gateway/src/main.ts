import { ConfigError } from '@fedbase/config';
import { startTracing } from '@fedbase/telemetry';
import { parseGatewayConfig, type GatewayConfig } from './gateway-config.ts';
import { startGatewayServer } from './start-gateway-server.ts';

/** The message the gateway sends its parent (the launcher) over IPC once it serves requests. */
export interface GatewayReadyMessage {
  type: 'ready';
  subgraph: 'gateway';
  url: string;
}

function exitOnConfigError(error: unknown): never {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`gateway: ${error.message}\n`);
  process.exit(78); // EX_CONFIG: the launcher does not restart a process that cannot start
}

// Unless told otherwise, @apollo/gateway probes cloud metadata services at start-up and sends
// hourly usage metrics to Apollo's servers. A self-hosted backend does not phone home; this
// variable is its only switch, so an operator who wants it sets APOLLO_TELEMETRY_DISABLED=false.
process.env['APOLLO_TELEMETRY_DISABLED'] ??= 'true';

let config: GatewayConfig;
try {
  config = parseGatewayConfig();
} catch (error) {
  exitOnConfigError(error);
}
// Before the gateway exists: @apollo/gateway's request, plan and fetch spans go through the global provider.
const tracing = await startTracing({ service: 'gateway', ...config.tracing });
const gateway = await startGatewayServer({ config }).catch(exitOnConfigError);
const ready: GatewayReadyMessage = { type: 'ready', subgraph: 'gateway', url: gateway.url };
process.send?.(ready);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  gateway.close().then(
    () => tracing.shutdown().finally(() => process.exit(0)),
    () => process.exit(1),
  );
};
// `on`, not `once`: a repeated signal must not fall back to the default (die at once) mid-shutdown.
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// Started by the launcher: if it dies (even by SIGKILL), do not linger as an orphan.
process.once('disconnect', stop);
