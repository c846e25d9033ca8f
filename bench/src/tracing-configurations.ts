import type { StackConfiguration } from './start-stacks.ts';

/** One stack of the tracing benchmark: the share of requests it traces. */
export interface TracingConfiguration extends StackConfiguration {
  /** FIELD_TRACE_SAMPLE_RATE. */
  readonly sampleRate: number;
  /** Tracing off: one of the stacks the others are compared with. */
  readonly baseline: boolean;
}

export interface TracingConfigurationsOptions {
  /** The OTLP endpoint each stack exports to, by the stack's key (see startOtlpSink). */
  endpointFor: (key: string) => string;
  /** The gateways' OTEL_BSP_SCHEDULE_DELAY, ms. */
  exportDelayMs: number;
  /**
   * Only off, the default and 100%, without the second off: a stack takes 30–40 s to start on this
   * machine, six take four minutes, and a quick run is to check that everything works.
   */
  quick: boolean;
}

/**
 * The stacks compared, in the order they start: off, the default rate (0.01), 0.05 and 0.1 to see
 * where the cost crosses 5%, every request, and off again. Off twice, first and last, as in the
 * billing benchmark: two stacks started alike differ by several percent, and the pair both
 * averages that out of the baseline and shows how large it was. Every stack exports to the sink,
 * off included (it must send nothing), so they differ only in the rate.
 */
export function tracingConfigurations({ endpointFor, exportDelayMs, quick }: TracingConfigurationsOptions): readonly TracingConfiguration[] {
  const stack = (key: string, label: string, sampleRate: number, baseline = false): TracingConfiguration => ({
    key,
    label,
    sampleRate,
    baseline,
    env: {
      LOG_LEVEL: 'warn',
      FIELD_TRACE_SAMPLE_RATE: String(sampleRate),
      OTEL_EXPORTER_OTLP_ENDPOINT: endpointFor(key),
      OTEL_BSP_SCHEDULE_DELAY: String(exportDelayMs),
    },
  });
  return [
    stack('off1', 'off1. tracing off (0)', 0, true),
    stack('1%', '1%. sampled, the default (0.01)', 0.01),
    ...(quick ? [] : [stack('5%', '5%. sampled (0.05)', 0.05), stack('10%', '10%. sampled (0.1)', 0.1)]),
    stack('100%', '100%. every request (1)', 1),
    ...(quick ? [] : [stack('off2', 'off2. tracing off again (0)', 0, true)]),
  ];
}
