import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FlowExport } from './types';

/**
 * Reads flow exports from a `.json` file or from every `.json` file of a
 * directory. A file holds one flow or `{"flows": [...]}`, the two shapes
 * Langflow's upload endpoint accepts.
 */
export function loadFlowExports(path: string): FlowExport[] {
  const files = statSync(path).isDirectory()
    ? readdirSync(path)
        .filter(name => name.endsWith('.json'))
        .sort()
        .map(name => join(path, name))
    : [path];
  return files.flatMap(file => {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as
      | FlowExport
      | { flows: FlowExport[] };
    return 'flows' in parsed && Array.isArray(parsed.flows)
      ? parsed.flows
      : [parsed as FlowExport];
  });
}
