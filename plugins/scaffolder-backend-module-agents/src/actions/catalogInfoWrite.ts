import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { ANNOTATION_AGENT_ID } from '@cmp/plugin-agent-registry-common';
import { toYaml } from '../yaml';
import { promises as fs } from 'node:fs';
import { dirname } from 'node:path';
import {
  agentFields,
  given,
  toPersona,
  toRegistryPlans,
} from '../agent/agentInput';
import {
  draftAgent,
  draftAgentEntity,
  normalizeRef,
} from '../agent/draftAgent';
import { DEFAULT_FLOW_PATH, readWorkspaceFlow } from '../flow/flowExport';
import { examples } from './catalogInfoWrite.examples';

/**
 * `agents:catalog-info:write`: the Agent entity as YAML, for teams that keep agents in
 * git. The registry adopts such agents (their metadata stays in git), so this is the
 * alternative to `agents:register`, not a companion of it: the same agent registered
 * and declared in git would be two entities with one name.
 */
export function createCatalogInfoWriteAction() {
  return createTemplateAction({
    id: 'agents:catalog-info:write',
    description:
      'Writes a catalog-info.yaml with the Agent entity (cmp.digitlify.com/v1alpha1) for the flow export in the workspace, checked with the catalog’s own Agent validator.',
    examples,
    supportsDryRun: true,
    schema: {
      input: z =>
        z.object({
          ...agentFields(z),
          runtimeResource: z
            .string()
            .optional()
            .describe(
              'Entity ref of the Langflow runtime resource, e.g. resource:default/langflow-runtime',
            ),
          filePath: z
            .string()
            .optional()
            .describe(
              'Where to write it in the workspace (default catalog-info.yaml)',
            ),
        }),
      output: z =>
        z.object({
          filePath: z.string(),
          entityRef: z.string(),
        }),
    },
    async handler(ctx) {
      const { input } = ctx;
      const { summary } = await readWorkspaceFlow(
        ctx.workspacePath,
        given(input.flowPath) ?? DEFAULT_FLOW_PATH,
      );
      const system = given(input.system);
      const resource = given(input.runtimeResource);
      const entity = draftAgentEntity(
        draftAgent(
          {
            name: input.name.trim(),
            title: given(input.title),
            description: given(input.description),
            type: input.type,
            lifecycle: given(input.lifecycle) ?? 'experimental',
            owner: normalizeRef(input.owner, 'owner', 'group'),
            system: system && normalizeRef(system, 'system', 'system'),
            tags: input.tags?.map(t => t.trim()).filter(Boolean),
            plans: toRegistryPlans(input.plans, given(input.currency)),
            persona: toPersona(input.persona),
            flowId: given(input.flowId),
            runtimeResource:
              resource && normalizeRef(resource, 'runtimeResource', 'resource'),
          },
          summary,
        ),
      );
      // Registry-only parts: the registry's id (assigned on adoption) and the API
      // entities it publishes for its own agents, which would not exist for this one.
      delete entity.metadata.annotations?.[ANNOTATION_AGENT_ID];
      if (!Object.keys(entity.metadata.annotations ?? {}).length)
        delete entity.metadata.annotations;
      delete entity.spec.providesApis;
      delete entity.metadata.namespace;

      const filePath = given(input.filePath) ?? 'catalog-info.yaml';
      const file = resolveSafeChildPath(ctx.workspacePath, filePath);
      await fs.mkdir(dirname(file), { recursive: true });
      await fs.writeFile(file, toYaml(entity), 'utf8');
      const entityRef = stringifyEntityRef(entity);
      ctx.logger.info(`Wrote ${entityRef} to ${filePath}`);
      ctx.output('filePath', filePath);
      ctx.output('entityRef', entityRef);
    },
  });
}
