import { ConfigError } from '@fedbase/config';
import { parseGatewayConfig } from './gateway-config.ts';
import { startGatewayServer } from './start-gateway-server.ts';

/** The message the gateway sends its parent (the launcher) over IPC once it serves requests. */
export interface GatewayReadyMessage {
  type: 'ready';
  subgraph: 'gateway';
  url: string;
}

let config;
try {
  config = parseGatewayConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`gateway: ${error.message}\n`);
  process.exit(78); // EX_CONFIG: the launcher does not restart a process that cannot start
}
const gateway = await startGatewayServer({ config });
const ready: GatewayReadyMessage = { type: 'ready', subgraph: 'gateway', url: gateway.url };
process.send?.(ready);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  gateway.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
// `on`, not `once`: a repeated signal must not fall back to the default (die at once) mid-shutdown.
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// Started by the launcher: if it dies (even by SIGKILL), do not linger as an orphan.
process.once('disconnect', stop);
