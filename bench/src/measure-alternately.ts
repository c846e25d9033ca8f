import { sampleEndpoint, summarizeSamples, type EndpointFigures, type EndpointSample, type MeasureOptions } from './measure-endpoint.ts';

/**
 * Runs `count` things to be compared `rounds` times each, taking turns, in reverse order every
 * other round, so none is always first after a switch. On a shared machine the load drifts:
 * back-to-back runs would charge that drift to whichever came second; taking turns spreads it
 * over all of them alike.
 */
export async function takeTurns(count: number, rounds: number, run: (index: number) => Promise<void>): Promise<void> {
  const order = [...Array(count).keys()];
  for (let round = 0; round < rounds; round += 1) {
    for (const index of round % 2 === 0 ? order : [...order].reverse()) await run(index);
  }
}

/** Measures targets that are to be compared in `rounds` short runs each, taking turns (takeTurns), and pools each target's runs. */
export async function measureAlternately(targets: readonly MeasureOptions[], rounds: number): Promise<EndpointFigures[]> {
  const samples = targets.map((): EndpointSample[] => []);
  await takeTurns(targets.length, rounds, async (index) => {
    samples[index]!.push(await sampleEndpoint(targets[index]!));
  });
  return samples.map(summarizeSamples);
}
