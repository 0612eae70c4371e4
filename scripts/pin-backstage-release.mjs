#!/usr/bin/env node
// Pins every @backstage/* package in the dependency tree to the release named in
// backstage.json, through root `resolutions`. Caret ranges on Backstage packages otherwise
// pull in parts of newer releases (two frontend-plugin-api majors, two core-plugin-api
// copies...), which the partial registry here makes worse.
//
// How: start from the release's own versions (../shared reference list, copied into
// scripts/backstage-release.txt), then repeatedly take, for every @backstage dependency of
// an already-pinned package, the lower bound of the range it asks for (the version that
// was current when the release was cut). Re-resolve with yarn until nothing changes.
//
// Usage: node scripts/pin-backstage-release.mjs   (then commit package.json and yarn.lock)
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import semver from 'semver';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const yarnPath = join(
  root,
  /^yarnPath:\s*(.+)$/m
    .exec(readFileSync(join(root, '.yarnrc.yml'), 'utf8'))[1]
    .trim(),
);

function releaseVersions() {
  const pinned = new Map();
  for (const line of readFileSync(
    join(root, 'scripts/backstage-release.txt'),
    'utf8',
  ).split('\n')) {
    const m = /^(@backstage\/\S+)\s+(\S+)/.exec(line.trim());
    if (m) {
      const prev = pinned.get(m[1]);
      if (!prev || semver.gt(m[2], prev)) pinned.set(m[1], m[2]);
    }
  }
  return pinned;
}

function parseLock() {
  const lock = yaml.load(readFileSync(join(root, 'yarn.lock'), 'utf8'));
  const entries = [];
  for (const [key, value] of Object.entries(lock)) {
    if (key === '__metadata') continue;
    const name = key
      .split(', ')[0]
      .replace(/@(npm|workspace|virtual|patch):.*$/, '');
    entries.push({
      name,
      version: value.version,
      deps: value.dependencies ?? {},
    });
  }
  return entries;
}

function lowerBound(range) {
  const r = String(range).replace(/^npm:/, '');
  if (!semver.validRange(r)) return undefined;
  return semver.minVersion(r)?.version;
}

const pkgPath = join(root, 'package.json');
let pinned = releaseVersions();

for (let round = 1; round <= 10; round++) {
  const entries = parseLock();
  const next = new Map(pinned);
  // Our own workspaces request exact versions; they count as accepted requesters.
  const accepted = entries.filter(
    e =>
      e.version?.endsWith('-use.local') ||
      e.version === '0.0.0-use.local' ||
      pinned.get(e.name) === e.version ||
      (!e.name.startsWith('@backstage/') && !e.version?.includes('use.local')),
  );
  for (const entry of accepted) {
    for (const [dep, range] of Object.entries(entry.deps)) {
      if (!dep.startsWith('@backstage/')) continue;
      const lb = lowerBound(range);
      if (!lb) continue;
      const current = next.get(dep);
      // A dependency missing from the release list takes the highest lower bound asked for.
      if (!current || (!pinned.has(dep) && semver.gt(lb, current)))
        next.set(dep, lb);
    }
  }
  const inTree = new Set(entries.map(e => e.name));
  const resolutions = Object.fromEntries(
    [...next]
      .filter(([name]) => inTree.has(name))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
  const others = Object.fromEntries(
    Object.entries(pkg.resolutions ?? {}).filter(
      ([k]) => !k.startsWith('@backstage/'),
    ),
  );
  const before = JSON.stringify(pkg.resolutions);
  pkg.resolutions = { ...others, ...resolutions };
  writeFileSync(pkgPath, `${JSON.stringify(pkg, null, 2)}\n`);
  const multi = [
    ...new Set(
      entries.filter(e => e.name.startsWith('@backstage/')).map(e => e.name),
    ),
  ].filter(
    n =>
      new Set(entries.filter(e => e.name === n).map(e => e.version)).size > 1,
  );
  console.log(
    `round ${round}: ${Object.keys(resolutions).length} pinned, ${
      multi.length
    } with several versions`,
  );
  if (before === JSON.stringify(pkg.resolutions) && multi.length === 0) break;
  pinned = next;
  const res = spawnSync(process.execPath, [yarnPath, 'install'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (res.status !== 0) process.exit(res.status ?? 1);
}
