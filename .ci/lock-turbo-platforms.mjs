// The npm registry these machines reach has turbo's Linux binaries but not its macOS/Windows ones,
// so `npm install` leaves those optional packages out of package-lock.json and `npm ci` then
// refuses the lockfile ("Missing: @turbo/darwin-64"). This puts the entries back (os/cpu-gated,
// never fetched on Linux). Run it after any `npm install` that rewrote the lockfile.
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const turbo = lock.packages['node_modules/turbo'];
const platforms = { 'darwin-64': ['darwin', 'x64'], 'darwin-arm64': ['darwin', 'arm64'], 'windows-64': ['win32', 'x64'], 'windows-arm64': ['win32', 'arm64'] };
const packages = {};
for (const [path, entry] of Object.entries(lock.packages)) {
  if (path.startsWith('node_modules/@turbo/') && Object.hasOwn(platforms, path.slice('node_modules/@turbo/'.length))) continue;
  packages[path] = entry;
  if (path === 'node_modules/@turbo/linux-arm64') {
    for (const [name, [os, cpu]] of Object.entries(platforms)) {
      packages[`node_modules/@turbo/${name}`] = { version: turbo.version, cpu: [cpu], dev: true, license: 'MIT', optional: true, os: [os] };
    }
  }
}
lock.packages = packages;
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
