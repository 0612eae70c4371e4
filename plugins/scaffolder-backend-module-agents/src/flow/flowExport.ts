import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  type LangflowExportSummary,
  summarizeLangflowExport,
  validateLangflowExport,
} from '@cmp/plugin-agent-registry-common';
import { promises as fs } from 'node:fs';
import { dirname } from 'node:path';

/** The registry refuses larger flows; failing here names the file instead. */
export const MAX_FLOW_BYTES = 2 * 1024 * 1024;

/** Where templates keep the flow export in the workspace unless told otherwise. */
export const DEFAULT_FLOW_PATH = 'flow.json';

const HOW_TO_EXPORT =
  'In Langflow, open the flow, choose Export and save it as JSON, then use that file.';

export type FlowExport = {
  flow: Record<string, unknown>;
  summary: LangflowExportSummary;
};

/** Parses and checks a Langflow flow export; `label` names the file in messages. */
export function parseFlowExport(content: Buffer, label: string): FlowExport {
  if (content.length > MAX_FLOW_BYTES) {
    throw new InputError(
      `${label} is ${content.length} bytes; the registry accepts flow exports up to ${MAX_FLOW_BYTES} bytes`,
    );
  }
  let flow: unknown;
  try {
    flow = JSON.parse(content.toString('utf8'));
  } catch (e) {
    throw new InputError(
      `${label} is not JSON (${
        (e as Error).message
      }), so it is not a Langflow flow export. ${HOW_TO_EXPORT}`,
    );
  }
  const issues = validateLangflowExport(flow);
  if (issues.length) {
    throw new InputError(
      `${label} is not a Langflow flow export: ${issues
        .map(i => `${i.field} ${i.message}`)
        .join('; ')}. ${HOW_TO_EXPORT}`,
    );
  }
  const valid = flow as Record<string, unknown>;
  return { flow: valid, summary: summarizeLangflowExport(valid) };
}

/** Reads the flow export a previous step left in the workspace. */
export async function readWorkspaceFlow(
  workspacePath: string,
  path: string = DEFAULT_FLOW_PATH,
): Promise<FlowExport> {
  const file = resolveSafeChildPath(workspacePath, path);
  let content: Buffer;
  try {
    content = await fs.readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new InputError(
        `No flow export at ${path} in the workspace: read the uploaded file with agents:flow:read first (or fetch it with fetch:plain:file)`,
      );
    }
    throw e;
  }
  return parseFlowExport(content, path);
}

/** Writes a checked flow export into the workspace for later steps. */
export async function writeWorkspaceFlow(
  workspacePath: string,
  path: string,
  flow: Record<string, unknown>,
) {
  const file = resolveSafeChildPath(workspacePath, path);
  await fs.mkdir(dirname(file), { recursive: true });
  await fs.writeFile(file, `${JSON.stringify(flow, null, 2)}\n`, 'utf8');
}
