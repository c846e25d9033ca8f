// Loaded with `NODE_OPTIONS=--import=<this file>` into every process of a stack, as plain
// JavaScript because it runs before tsx is registered. With FEDBASE_HEAP_STATS_DIR set, SIGUSR2
// runs a full garbage collection and writes `<dir>/heap-<pid>.json`: the heap still in use, which
// says what a process holds on to, where its RSS (pages V8 keeps once it grew) cannot. With
// FEDBASE_HEAP_SNAPSHOTS=true it also writes `<dir>/heap-<pid>-<n>.heapsnapshot`, for DevTools'
// Memory tab (compare two to see what grew).
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getHeapStatistics, setFlagsFromString, writeHeapSnapshot } from 'node:v8';
import { runInNewContext } from 'node:vm';

const dir = process.env.FEDBASE_HEAP_STATS_DIR;
if (dir) {
  // Node 20 refuses --expose-gc in NODE_OPTIONS: set at run time, the flag takes effect in
  // contexts created after it, so a fresh one hands out the same `gc` function.
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc');
  let snapshots = 0;
  process.on('SIGUSR2', () => {
    // Twice: the first run may leave objects whose finalizers free more.
    gc();
    gc();
    const { used_heap_size: usedHeapBytes } = getHeapStatistics();
    const { rss: rssBytes, external: externalBytes } = process.memoryUsage();
    mkdirSync(dir, { recursive: true });
    if (process.env.FEDBASE_HEAP_SNAPSHOTS === 'true') writeHeapSnapshot(join(dir, `heap-${process.pid}-${(snapshots += 1)}.heapsnapshot`));
    const file = join(dir, `heap-${process.pid}.json`);
    // Renamed into place, so that a reader waiting for it never reads half a file.
    writeFileSync(`${file}.partial`, JSON.stringify({ usedHeapBytes, rssBytes, externalBytes }));
    renameSync(`${file}.partial`, file);
  });
}
