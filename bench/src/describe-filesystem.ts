import { readFileSync, realpathSync, statSync } from 'node:fs';
import { basename } from 'node:path';

/** Where a path's bytes go: the mount that holds it and the block device behind that. */
export interface Filesystem {
  readonly mountPoint: string;
  /** As in /proc/mounts: `ext4`, `xfs`, `tmpfs`, `overlay`, … */
  readonly type: string;
  /** The mount's source, e.g. `/dev/vda`. */
  readonly source: string;
  /** `st_dev` of the path: two paths with the same one are on the same filesystem. */
  readonly dev: number;
  /** The block device's name in /proc/diskstats, when the source is one (`vda`). */
  readonly blockDevice: string | undefined;
}

/** The mount holding `path` (the longest mount point that prefixes it), from /proc/mounts. */
export function describeFilesystem(path: string): Filesystem {
  const real = realpathSync(path);
  let best = { mountPoint: '/', type: 'unknown', source: 'unknown' };
  for (const line of readFileSync('/proc/mounts', 'utf8').split('\n')) {
    const [source, mountPoint, type] = line.split(' ');
    if (!source || !mountPoint || !type) continue;
    const covers = mountPoint === '/' || real === mountPoint || real.startsWith(`${mountPoint}/`);
    if (covers && mountPoint.length >= best.mountPoint.length) best = { mountPoint, type, source };
  }
  const device = best.source.startsWith('/dev/') ? basename(best.source) : undefined;
  const listed = device !== undefined && readFileSync('/proc/diskstats', 'utf8').split('\n').some((line) => line.trim().split(/\s+/)[2] === device);
  return { ...best, dev: statSync(real).dev, blockDevice: listed ? device : undefined };
}

/** Bytes written to a block device since boot (sectors written × 512, /proc/diskstats); NaN when unknown. */
export function readDeviceWrittenBytes(blockDevice: string | undefined): number {
  if (blockDevice === undefined) return Number.NaN;
  for (const line of readFileSync('/proc/diskstats', 'utf8').split('\n')) {
    const fields = line.trim().split(/\s+/);
    // major minor name, then reads (4 fields), then writes completed, merged, sectors written.
    if (fields[2] === blockDevice) return Number(fields[9]) * 512;
  }
  return Number.NaN;
}
