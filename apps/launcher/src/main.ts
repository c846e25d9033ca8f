import { ConfigError } from '@fedbase/config';
import { loadOrCreateAdminSecret } from './admin-secret.ts';
import { createFirstProject } from './create-first-project.ts';
import { launchStack, type RunningStack } from './launch-stack.ts';
import { parseLauncherConfig } from './launcher-config.ts';

let config;
try {
  config = parseLauncherConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`launcher: ${error.message}\n`);
  process.exit(78);
}

// Signals are handled from the first moment: a Ctrl+C during start-up must not orphan children.
let stack: RunningStack | undefined;
let stopping = false;
const abort = new AbortController();
const shutdown = async (code: number) => {
  if (stopping) return;
  stopping = true;
  abort.abort();
  await stack?.stop();
  process.exit(code);
};
process.once('SIGINT', () => void shutdown(0));
process.once('SIGTERM', () => void shutdown(0));

const admin = await loadOrCreateAdminSecret(config.dataDir, config.adminSecret);
stack = await launchStack(config, {
  env: process.env,
  adminSecret: admin.secret,
  signal: abort.signal,
  onFatal(message) {
    process.stderr.write(`launcher: ${message}; stopped.\n`);
    process.exit(1);
  },
});

const firstProject = await createFirstProject(stack.identityUrl, admin.secret);
process.stdout.write(
  [
    '',
    'Fedbase is running.',
    `  GraphQL:   ${stack.gatewayUrl}/graphql`,
    `  Explorer:  ${stack.gatewayUrl}/graphql  (open in a browser)`,
    `  Metrics:   ${stack.gatewayUrl}/metrics`,
    `  Data:      ${config.dataDir}`,
    admin.generated ? `  Admin secret (x-admin-secret, creates projects; kept in ${admin.path}):\n    ${admin.secret}` : `  Admin secret: ${admin.path ?? 'ADMIN_SECRET'}`,
    ...(firstProject
      ? [
          `  First project "${firstProject.name}" (${firstProject.projectId}). Its keys are shown this once:`,
          `    publishable key (x-api-key in apps):     ${firstProject.publishableKey}`,
          `    secret key (x-api-key on servers only):  ${firstProject.secretKey}`,
        ]
      : []),
    'Press Ctrl+C to stop.',
    '',
  ].join('\n'),
);
// For whoever started us over IPC (the tests' startStack): where to connect and which process is which.
process.send?.({ type: 'ready', url: stack.gatewayUrl, adminSecret: admin.secret, firstProject, urls: Object.fromEntries([...stack.processes].map(([name, supervised]) => [name, supervised.url])), pids: Object.fromEntries([...stack.processes].map(([name, supervised]) => [name, supervised.pid])) });
