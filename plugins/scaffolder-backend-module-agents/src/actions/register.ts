import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  agentFields,
  compact,
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
import {
  type CreateAgentBody,
  RegistryClient,
} from '../registry/RegistryClient';
import { assertSemver } from '../versions/nextVersion';
import { examples } from './register.examples';
import type { AgentActionOptions } from './types';

const DEFAULT_VERSION = '1.0.0';

/**
 * `agents:register`: registers an agent in the registry from the flow export in the
 * workspace, as the user who runs the template. Agent, first version (published at once
 * unless `publish: false`) and default configuration are one registry call, so either all
 * of it exists afterwards or none of it does.
 */
export function createRegisterAction(options: AgentActionOptions) {
  return createTemplateAction({
    id: 'agents:register',
    description:
      'Registers an AI agent in the Agent Registry from the Langflow flow export in the workspace, with its persona and pricing plans, and publishes its first version in the same transaction. Dry runs check everything without creating anything.',
    examples,
    supportsDryRun: true,
    schema: {
      input: z =>
        z.object({
          ...agentFields(z),
          version: z
            .string()
            .optional()
            .describe(`First version (default ${DEFAULT_VERSION})`),
          changelog: z.string().optional(),
          publish: z
            .boolean()
            .optional()
            .describe('Publish the first version at once (default true)'),
          behaviour: z
            .object({
              temperature: z.number().min(0).max(2).optional(),
              maxTokens: z.number().int().min(1).optional(),
            })
            .optional(),
          forMarketplace: z
            .boolean()
            .optional()
            .describe(
              'The agent goes on sale next: refuse, before creating anything, unless it has plans and its first version is published',
            ),
        }),
      output: z =>
        z.object({
          entityRef: z.string().describe('agent:<namespace>/<name>'),
          agentId: z
            .string()
            .describe(
              'The registry id (empty in a dry run: nothing was created)',
            ),
          version: z.string().describe('The first version'),
          published: z
            .boolean()
            .describe('Whether the first version is published'),
        }),
    },
    async handler(ctx) {
      const { input } = ctx;
      const flowPath = given(input.flowPath) ?? DEFAULT_FLOW_PATH;
      const { flow, summary } = await readWorkspaceFlow(
        ctx.workspacePath,
        flowPath,
      );
      const version = given(input.version) ?? DEFAULT_VERSION;
      assertSemver(version);
      const publish = input.publish ?? true;
      const plans = toRegistryPlans(input.plans, given(input.currency));
      const persona = toPersona(input.persona);
      const system = given(input.system);
      const draft = draftAgent(
        {
          name: input.name.trim(),
          title: given(input.title),
          description: given(input.description),
          type: input.type,
          lifecycle: given(input.lifecycle) ?? 'experimental',
          owner: normalizeRef(input.owner, 'owner', 'group'),
          system: system && normalizeRef(system, 'system', 'system'),
          tags: input.tags?.map(t => t.trim()).filter(Boolean),
          plans,
          persona,
          flowId: given(input.flowId),
        },
        summary,
      );
      // The same checks the registry and the catalog make, before anything is created.
      draftAgentEntity(draft);
      if (input.forMarketplace && !publish) {
        throw new InputError(
          'To put the agent on sale its first version must be published (publish: true)',
        );
      }
      if (input.forMarketplace && !plans.length) {
        throw new InputError(
          'To put the agent on sale it needs at least one pricing plan',
        );
      }
      const entityRef = `agent:default/${draft.name}`;
      const credentials = await ctx.getInitiatorCredentials();
      const registry = new RegistryClient({ ...options, credentials });

      if (ctx.isDryRun) {
        await checkWouldBeAccepted(options, registry, credentials, draft);
        ctx.logger.info(
          `Dry run: ${entityRef} (owner ${draft.owner}, ${
            plans.length
          } plans) is valid and its name is free; it would be registered with version ${version}${
            publish ? ' published' : ' as a draft'
          }. Nothing was created.`,
        );
        ctx.output('entityRef', entityRef);
        ctx.output('agentId', '');
        ctx.output('version', version);
        ctx.output('published', publish);
        return;
      }

      const body: CreateAgentBody = compact({
        name: draft.name,
        title: draft.title,
        description: draft.description,
        type: draft.type,
        lifecycle: draft.lifecycle,
        owner: draft.owner,
        system: draft.system,
        tags: draft.tags,
        plans,
        flow,
        flowId: given(input.flowId),
        version,
        changelog: given(input.changelog),
        publish,
        config: compact({
          persona,
          behaviour: input.behaviour && compact(input.behaviour),
        }),
      });
      // On task recovery a finished registration is not repeated (it would answer 409).
      const agent = await ctx.checkpoint({
        key: `register.${draft.name}`,
        fn: async () => {
          const created = await registry.createAgent(body);
          return {
            id: created.id,
            entityRef: created.entityRef,
            defaultVersion: created.defaultVersion ?? null,
          };
        },
      });
      ctx.logger.info(
        `Registered ${agent.entityRef} (${agent.id}) with version ${version}${
          agent.defaultVersion === version ? ', published' : ' as a draft'
        }; it appears in the catalog once the catalog has picked it up`,
      );
      ctx.output('entityRef', agent.entityRef);
      ctx.output('agentId', agent.id);
      ctx.output('version', version);
      ctx.output('published', agent.defaultVersion === version);
    },
  });
}

/** What the registry checks against the catalog and its own records, asked read-only. */
async function checkWouldBeAccepted(
  options: AgentActionOptions,
  registry: RegistryClient,
  credentials: BackstageCredentials,
  draft: { name: string; owner: string },
) {
  const owner = await options.catalog.getEntityByRef(draft.owner, {
    credentials,
  });
  if (
    !owner ||
    !['group', 'user'].includes(owner.kind.toLocaleLowerCase('en-US'))
  ) {
    throw new InputError(
      `owner ${draft.owner} does not exist in the catalog (expected a group or user)`,
    );
  }
  const ref = `agent:default/${draft.name}`;
  if (await registry.findAgent(draft.name)) {
    throw new ConflictError(`Agent ${ref} already exists`);
  }
  if (await options.catalog.getEntityByRef(ref, { credentials })) {
    throw new ConflictError(`Agent ${ref} already exists in the catalog`);
  }
}
