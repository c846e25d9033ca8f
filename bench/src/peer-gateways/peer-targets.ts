import type { GatewayStart } from './serve-gateway-process.ts';

export interface PeerTarget {
  /** Short name in the progress lines and the ratio line. */
  readonly key: string;
  readonly label: string;
  readonly start: Pick<GatewayStart, 'kind' | 'traceSampleRate'>;
  /** Node and V8 flags of its process. */
  readonly nodeFlags: readonly string[];
  /** Measured again with one connection, plan cache hit against miss. */
  readonly inPlanCacheRun: boolean;
}

// As the launcher, `npm start -w @fedbase/gateway` and docker/compose.yml run Fedbase's gateway (gatewayNodeFlags in apps/launcher).
const fedbaseFlags = ['--max-semi-space-size=128'];

/**
 * The gateways measured: Fedbase's as it ships first (the ratios' numerator), the peers at their
 * defaults; in a full run also Fedbase's tracing settings, and the peers with Fedbase's V8 flag
 * (what they would gain from it: the ratios stay against their defaults, as users run them).
 */
export function peerTargets({ quick }: { quick: boolean }): PeerTarget[] {
  const targets: PeerTarget[] = [
    { key: 'fedbase', label: 'Fedbase gateway (field tracing sampled at 1%, the default)', start: { kind: 'fedbase' }, nodeFlags: fedbaseFlags, inPlanCacheRun: true },
    { key: 'apollo', label: '@apollo/gateway 2.14.4 on Apollo Server 5.5.1, defaults', start: { kind: 'apollo' }, nodeFlags: [], inPlanCacheRun: true },
    { key: 'hive', label: 'Hive Gateway (@graphql-hive/gateway-runtime 2.12.1), defaults', start: { kind: 'hive' }, nodeFlags: [], inPlanCacheRun: true },
  ];
  if (quick) return targets;
  return [
    ...targets,
    { key: 'fedbase-untraced', label: 'Fedbase gateway, field tracing off (FIELD_TRACE_SAMPLE_RATE=0)', start: { kind: 'fedbase', traceSampleRate: 0 }, nodeFlags: fedbaseFlags, inPlanCacheRun: false },
    { key: 'fedbase-traced', label: 'Fedbase gateway, every request traced (FIELD_TRACE_SAMPLE_RATE=1)', start: { kind: 'fedbase', traceSampleRate: 1 }, nodeFlags: fedbaseFlags, inPlanCacheRun: false },
    { key: 'apollo-flagged', label: '@apollo/gateway, defaults, with --max-semi-space-size=128', start: { kind: 'apollo' }, nodeFlags: fedbaseFlags, inPlanCacheRun: false },
    { key: 'hive-flagged', label: 'Hive Gateway, defaults, with --max-semi-space-size=128', start: { kind: 'hive' }, nodeFlags: fedbaseFlags, inPlanCacheRun: false },
  ];
}
