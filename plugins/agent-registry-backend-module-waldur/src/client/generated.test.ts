import { OPENAPI_FILE } from '@cmp/waldur-simulator';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

jest.setTimeout(60_000);

// eslint-disable-next-line no-restricted-syntax
const packageDir = resolve(__dirname, '../..');

describe('the Waldur OpenAPI subset', () => {
  it('is byte-identical to the simulator copy, so the two cannot drift', () => {
    const ours = readFileSync(
      resolve(packageDir, 'openapi/waldur-openapi-subset.yaml'),
    );
    const simulators = readFileSync(OPENAPI_FILE);
    expect(ours.equals(simulators)).toBe(true);
  });

  it('matches the committed generated types (scripts/generate.mjs --check)', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['scripts/generate.mjs', '--check'],
      { cwd: packageDir },
    );
    expect(stdout).toContain('up to date');
  });
});
