import { assertSemver, latestReleased, nextVersion } from './nextVersion';

describe('versions', () => {
  const versions = [
    { version: '1.9.0', status: 'published' },
    { version: '1.10.0', status: 'deprecated' },
    { version: '2.0.0', status: 'draft' },
  ];

  it('takes the latest released version by semver; drafts do not count', () => {
    expect(latestReleased(versions)).toBe('1.10.0');
    expect(latestReleased([{ version: '0.1.0', status: 'draft' }])).toBe(
      undefined,
    );
  });

  it('bumps major, minor or patch; a first release bumps 0.0.0', () => {
    expect(nextVersion('1.10.0', 'patch')).toBe('1.10.1');
    expect(nextVersion('1.10.0', 'minor')).toBe('1.11.0');
    expect(nextVersion('1.10.0', 'major')).toBe('2.0.0');
    expect(nextVersion(undefined, 'minor')).toBe('0.1.0');
    expect(nextVersion('2.0.0-rc.1', 'major')).toBe('2.0.0');
  });

  it('accepts only plain semantic versions, as the registry does', () => {
    expect(() => assertSemver('1.2.0-rc.1')).not.toThrow();
    for (const bad of ['v1.2.0', '1.2', '1.2.0+build.5', '01.2.0']) {
      expect(() => assertSemver(bad)).toThrow(
        `version must be a semantic version such as 1.2.0 (got "${bad}")`,
      );
    }
  });
});
