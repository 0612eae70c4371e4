import { InputError } from '@backstage/errors';
import semver from 'semver';

export const VERSION_BUMPS = ['major', 'minor', 'patch'] as const;
export type VersionBump = (typeof VERSION_BUMPS)[number];

/** The registry takes plain semantic versions only (1.2.0, 1.2.0-rc.1; no build metadata). */
export function assertSemver(version: string, field = 'version'): void {
  if (semver.valid(version) !== version) {
    throw new InputError(
      `${field} must be a semantic version such as 1.2.0 (got ${JSON.stringify(
        version,
      )})`,
    );
  }
}

/** The highest released (published or deprecated) version; drafts do not count. */
export function latestReleased(
  versions: { version: string; status: string }[],
): string | undefined {
  return versions
    .filter(v => v.status !== 'draft')
    .map(v => v.version)
    .sort(semver.rcompare)[0];
}

/** The next version after the latest released one; the first release bumps 0.0.0. */
export function nextVersion(
  latest: string | undefined,
  bump: VersionBump,
): string {
  return semver.inc(latest ?? '0.0.0', bump)!;
}

export function isGreater(version: string, than: string): boolean {
  return semver.gt(version, than);
}
