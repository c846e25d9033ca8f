import type { GatewayStart } from './serve-gateway-process.ts';

export interface PeerTarget {
  /** Short name in the progress lines and the ratio line. */
  readonly key: string;
  readonly label: string;
  readonly start: Pick<GatewayStart, 'kind' | 'traceSampleRate'>;
  /** Measured again with one connection, plan cache hit against miss. */
  readonly inPlanCacheRun: boolean;
}

/** The gateways measured: Fedbase's at its defaults first (the ratios' numerator), the peers, then Fedbase's tracing settings. */
export function peerTargets({ quick }: { quick: boolean }): PeerTarget[] {
  const targets: PeerTarget[] = [
    { key: 'fedbase', label: 'Fedbase gateway (field tracing sampled at 1%, the default)', start: { kind: 'fedbase' }, inPlanCacheRun: true },
    { key: 'apollo', label: '@apollo/gateway 2.14.4 on Apollo Server 5.5.1, defaults', start: { kind: 'apollo' }, inPlanCacheRun: true },
    { key: 'hive', label: 'Hive Gateway (@graphql-hive/gateway-runtime 2.12.1), defaults', start: { kind: 'hive' }, inPlanCacheRun: true },
  ];
  if (quick) return targets;
  return [
    ...targets,
    { key: 'fedbase-untraced', label: 'Fedbase gateway, field tracing off (FIELD_TRACE_SAMPLE_RATE=0)', start: { kind: 'fedbase', traceSampleRate: 0 }, inPlanCacheRun: false },
    { key: 'fedbase-traced', label: 'Fedbase gateway, every request traced (FIELD_TRACE_SAMPLE_RATE=1)', start: { kind: 'fedbase', traceSampleRate: 1 }, inPlanCacheRun: false },
  ];
}
