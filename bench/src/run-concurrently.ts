/**
 * Runs `task(0)` … `task(count - 1)` with at most `concurrency` in flight, each worker taking the
 * next index as soon as its previous task settled; resolves with the results in index order.
 */
export async function runConcurrently<T>(count: number, concurrency: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next;
      next += 1;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}
