import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { decodeDataUrl } from '../flow/dataUrl';
import {
  DEFAULT_FLOW_PATH,
  type FlowExport,
  parseFlowExport,
  readWorkspaceFlow,
  writeWorkspaceFlow,
} from '../flow/flowExport';
import { given } from '../agent/agentInput';
import { examples } from './flowRead.examples';

/**
 * `agents:flow:read`: checks that a file is a Langflow flow export and summarises it. An
 * uploaded file (a data URL parameter) is written into the workspace, where the register
 * and release actions read it.
 */
export function createFlowReadAction() {
  return createTemplateAction({
    id: 'agents:flow:read',
    description:
      'Reads a Langflow flow export (uploaded as a data URL, or already in the workspace), checks it and outputs a summary. An uploaded file is saved in the workspace for later steps.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        file: z =>
          z
            .string()
            .optional()
            .describe(
              'The uploaded flow export: the data URL a file field (type: string, format: data-url) gives',
            ),
        path: z =>
          z
            .string()
            .optional()
            .describe(
              `Where the flow export is in the workspace, or where to save the uploaded file (default ${DEFAULT_FLOW_PATH})`,
            ),
      },
      output: {
        path: z => z.string().describe('The flow export in the workspace'),
        flowId: z => z.string().optional().describe('The Langflow flow id'),
        name: z => z.string().describe("The flow's name"),
        description: z => z.string().optional(),
        endpointName: z => z.string().optional(),
        nodeCount: z => z.number().describe('Number of components'),
        inputs: z =>
          z.array(z.string()).describe('Input component types, e.g. ChatInput'),
        outputs: z =>
          z
            .array(z.string())
            .describe('Output component types, e.g. ChatOutput'),
        tags: z => z.array(z.string()),
      },
    },
    async handler(ctx) {
      const path = given(ctx.input.path) ?? DEFAULT_FLOW_PATH;
      const file = given(ctx.input.file);
      let read: FlowExport;
      if (file) {
        const upload = decodeDataUrl(file);
        read = parseFlowExport(
          upload.content,
          upload.name
            ? `The uploaded file ${upload.name}`
            : 'The uploaded file',
        );
        await writeWorkspaceFlow(ctx.workspacePath, path, read.flow);
      } else {
        read = await readWorkspaceFlow(ctx.workspacePath, path);
      }
      const { summary } = read;
      if (!summary.id) {
        ctx.logger.warn(
          'The flow export has no id; registering it needs the Langflow flow id (flowId)',
        );
      }
      // Not fatal: some flows are triggered and answer in other ways, but say so early.
      const missing = [
        !summary.inputs.length &&
          'input component (ChatInput, TextInput or Webhook)',
        !summary.outputs.length &&
          'output component (ChatOutput, TextOutput or DataOutput)',
      ].filter(Boolean);
      if (missing.length) {
        ctx.logger.warn(
          `The flow has no ${missing.join(
            ' and no ',
          )}; the gateway may get no answer from it`,
        );
      }
      ctx.logger.info(
        `Flow "${summary.name}" (${summary.id ?? 'no id'}): ${
          summary.nodeCount
        } components, inputs ${summary.inputs.join(', ') || 'none'}, outputs ${
          summary.outputs.join(', ') || 'none'
        }`,
      );
      ctx.output('path', path);
      if (summary.id) ctx.output('flowId', summary.id);
      ctx.output('name', summary.name);
      if (summary.description) ctx.output('description', summary.description);
      if (summary.endpointName)
        ctx.output('endpointName', summary.endpointName);
      ctx.output('nodeCount', summary.nodeCount);
      ctx.output('inputs', summary.inputs);
      ctx.output('outputs', summary.outputs);
      ctx.output('tags', summary.tags);
    },
  });
}
