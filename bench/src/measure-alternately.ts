import { sampleEndpoint, summarizeSamples, type EndpointFigures, type EndpointSample, type MeasureOptions } from './measure-endpoint.ts';

/**
 * Measures targets that are to be compared in `rounds` short runs each, taking turns, and pools
 * each target's runs. On a shared machine the load drifts: back-to-back runs would charge that
 * drift to whichever target came second; taking turns (in reverse order every other round, so
 * none is always first after a switch) spreads it over all of them alike.
 */
export async function measureAlternately(targets: readonly MeasureOptions[], rounds: number): Promise<EndpointFigures[]> {
  const samples = targets.map((): EndpointSample[] => []);
  const order = [...targets.keys()];
  for (let round = 0; round < rounds; round += 1) {
    for (const index of round % 2 === 0 ? order : [...order].reverse()) {
      samples[index]!.push(await sampleEndpoint(targets[index]!));
    }
  }
  return samples.map(summarizeSamples);
}
