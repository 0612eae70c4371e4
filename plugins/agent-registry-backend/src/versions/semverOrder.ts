import semver from 'semver';
import type { VersionSummary } from '../database/DatabaseVersionStore';

/** Only plain `MAJOR.MINOR.PATCH[-pre][+build]` strings; no `v` prefix, no ranges. */
export function isStrictSemver(version: string): boolean {
  return semver.valid(version) === version;
}

/** The highest published (not deprecated) version, by semver: 1.10.0 is after 1.9.0. */
export function latestPublished(
  versions: VersionSummary[],
): string | undefined {
  const published = versions
    .filter(v => v.status === 'published')
    .map(v => v.version);
  return published.length ? semver.rsort(published)[0] : undefined;
}

/** Versions newest first, by semver. */
export function sortBySemverDesc<T extends { version: string }>(
  versions: T[],
): T[] {
  return [...versions].sort((a, b) => semver.rcompare(a.version, b.version));
}
