/** The first rounds' orders of measureRounds's rotation, e.g. `A1 B C A2, B C A2 A1, …`. */
export function describeRotation(keys: readonly string[]): string {
  const turn = (shift: number) => keys.map((_, at) => keys[(at + shift) % keys.length]).join(' ');
  return `${turn(0)}, ${turn(1)}, …`;
}
