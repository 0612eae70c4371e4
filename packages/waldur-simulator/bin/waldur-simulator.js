#!/usr/bin/env node
/*
 * Starts the Waldur simulator (not Waldur) with its demo world.
 * The TypeScript source is loaded through the Backstage CLI's SWC transform,
 * so this works inside the monorepo without a build step.
 */
require('@backstage/cli/config/nodeTransform.cjs');

require('../src/cli')
  .main(process.argv.slice(2))
  .catch(error => {
    console.error(
      `[waldur-simulator] ${error instanceof Error ? error.message : error}`,
    );
    process.exit(1);
  });
