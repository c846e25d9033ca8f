// Loaded with `NODE_OPTIONS=--import=<this file>` into every process of a stack, as plain
// JavaScript because it runs before tsx is registered (Node 20 refuses `--cpu-prof` in
// NODE_OPTIONS, and that would profile the start-up too). SIGUSR2 starts the V8 profiler, the next
// SIGUSR2 stops it and writes `<FEDBASE_CPU_PROFILE_DIR>/CPU.<date>.<time>.<pid>.0.1.cpuprofile`,
// the name `--cpu-prof` gives: the benchmark profiles the load it applies and nothing else.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const dir = process.env.FEDBASE_CPU_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  let profiling = false;
  process.on('SIGUSR2', () => {
    if (!profiling) {
      session.post('Profiler.start');
      profiling = true;
      return;
    }
    profiling = false;
    session.post('Profiler.stop', (error, result) => {
      if (error || !result) return;
      const [date, time] = new Date().toISOString().replace(/[-:]/g, '').split(/[T.]/);
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `CPU.${date}.${time}.${process.pid}.0.1.cpuprofile`);
      // Renamed into place, so that a reader waiting for it never reads half a profile.
      writeFileSync(`${file}.partial`, JSON.stringify(result.profile));
      renameSync(`${file}.partial`, file);
    });
  });
}
