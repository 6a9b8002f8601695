// Completes package-lock.json with the other platforms' optional packages that this registry does not serve.
//
// The agents ship native binaries as optional per-platform packages (opencode-darwin-arm64, …). npm records in the
// lockfile only those it could fetch, and `npm ci` then refuses the lockfile as out of sync. Each missing one gets an
// entry with its platform (os, cpu, libc, read from its name), so `npm ci` skips it here as it would skip any package of
// another platform. Run after `npm install` whenever package.json changes: `node lock-platforms.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('./package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const packages = lock.packages;

function platform(name) {
  const os = /darwin/.test(name) ? 'darwin' : /win32|windows/.test(name) ? 'win32' : /linux/.test(name) ? 'linux' : null;
  const cpu = /arm64/.test(name) ? 'arm64' : /x64/.test(name) ? 'x64' : null;
  if (!os || !cpu) throw new Error(`cannot tell the platform of ${name}`);
  const entry = { os: [os], cpu: [cpu] };
  if (os === 'linux') entry.libc = [/musl/.test(name) ? 'musl' : 'glibc'];
  return entry;
}

let added = 0;
for (const [location, info] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(info.optionalDependencies ?? {})) {
    const nested = `${location ? location + '/' : ''}node_modules/${name}`;
    if (packages[nested] || packages[`node_modules/${name}`]) continue;
    packages[`node_modules/${name}`] = { version, optional: true, ...platform(name) };
    added++;
  }
}

lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)));
writeFileSync(path, JSON.stringify(lock, null, 2) + '\n');
console.log(`lock-platforms: ${added} entr${added === 1 ? 'y' : 'ies'} added`);
