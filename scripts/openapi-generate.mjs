#!/usr/bin/env node
// Turns a plugin's src/schema/openapi.yaml into src/schema/openapi.generated.ts, a typed
// constant that @backstage/backend-openapi-utils builds the validated router from.
// Usage: node scripts/openapi-generate.mjs plugins/agent-registry-backend
// (Backstage's own generator needs Java and a downloaded jar, which these machines lack.)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';

const pkg = process.argv[2];
if (!pkg) {
  console.error('usage: node scripts/openapi-generate.mjs <package dir>');
  process.exit(2);
}
const spec = yaml.load(
  readFileSync(join(pkg, 'src/schema/openapi.yaml'), 'utf8'),
);
const out = join(pkg, 'src/schema/openapi.generated.ts');
writeFileSync(
  out,
  `// Generated from openapi.yaml by scripts/openapi-generate.mjs. Do not edit; edit the YAML.\n` +
    `// A test (openapi.test.ts) fails when the two differ.\n\n` +
    `export const spec = ${JSON.stringify(spec, null, 2)} as const;\n`,
);
console.log(`wrote ${out}`);
