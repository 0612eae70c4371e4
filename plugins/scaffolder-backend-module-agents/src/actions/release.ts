import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { given } from '../agent/agentInput';
import { DEFAULT_FLOW_PATH, readWorkspaceFlow } from '../flow/flowExport';
import { RegistryClient, registryAgentRef } from '../registry/RegistryClient';
import {
  assertSemver,
  isGreater,
  latestReleased,
  nextVersion,
  VERSION_BUMPS,
} from '../versions/nextVersion';
import { examples } from './release.examples';
import type { AgentActionOptions } from './types';

/**
 * `agents:release`: a new version of an existing agent from the flow export in the
 * workspace, numbered explicitly or by bumping the latest released version, then
 * published. The registry decides whether the number is acceptable (higher than every
 * released version) and its message is the step's error.
 */
export function createReleaseAction(options: AgentActionOptions) {
  return createTemplateAction({
    id: 'agents:release',
    description:
      'Creates a new version of an Agent Registry agent from the Langflow flow export in the workspace (an explicit semantic version, or major/minor/patch after the latest released one) with a changelog, and publishes it.',
    examples,
    supportsDryRun: true,
    schema: {
      input: z =>
        z.object({
          agent: z
            .string()
            .describe(
              'The agent: an entity ref (agent:default/faq-bot), its name or its registry id',
            ),
          flowPath: z
            .string()
            .optional()
            .describe(
              `The flow export in the workspace (default ${DEFAULT_FLOW_PATH})`,
            ),
          version: z
            .string()
            .optional()
            .describe('An explicit semantic version; wins over bump'),
          bump: z
            .enum(VERSION_BUMPS)
            .optional()
            .describe(
              'Which part of the latest released version to raise when no version is given (default patch)',
            ),
          changelog: z.string().optional(),
          publish: z
            .boolean()
            .optional()
            .describe(
              'Publish the new version (default true); false leaves a draft',
            ),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          agentId: z.string(),
          version: z.string().describe('The new version'),
          previousVersion: z
            .string()
            .describe('The latest released version before it ("" if none)'),
          published: z.boolean(),
        }),
    },
    async handler(ctx) {
      const { input } = ctx;
      const { flow } = await readWorkspaceFlow(
        ctx.workspacePath,
        given(input.flowPath) ?? DEFAULT_FLOW_PATH,
      );
      const ref = registryAgentRef(input.agent);
      const publish = input.publish ?? true;
      const changelog = given(input.changelog);
      const registry = new RegistryClient({
        ...options,
        credentials: await ctx.getInitiatorCredentials(),
      });

      const agent = await registry.getAgent(ref);
      // By name from here on, so messages name the agent rather than its id.
      const name = registryAgentRef(agent.entityRef);
      const versions = await registry.listVersions(name);
      const latest = latestReleased(versions);
      const explicit = given(input.version);
      const version = explicit ?? nextVersion(latest, input.bump ?? 'patch');
      assertSemver(version);
      const existing = versions.find(v => v.version === version);
      const higher = !latest || isGreater(version, latest);

      if (ctx.isDryRun) {
        // Read-only checks with the registry's own wording; nothing is created.
        if (!higher) {
          throw new InputError(
            `version ${version} must be greater than the latest released version ${latest}`,
          );
        }
        if (existing && existing.status !== 'draft') {
          throw new ConflictError(
            `Version ${version} of ${agent.entityRef} already exists`,
          );
        }
        ctx.logger.info(
          `Dry run: ${
            agent.entityRef
          } would get version ${version} (latest released: ${
            latest ?? 'none'
          })${publish ? ', published' : ' as a draft'}. Nothing was changed.`,
        );
      } else {
        await ctx.checkpoint({
          key: `version.${agent.id}.${version}`,
          fn: async () => {
            if (existing?.status === 'draft' && higher) {
              // A draft with this number (e.g. left by an earlier, interrupted run)
              // becomes this release rather than blocking it.
              ctx.logger.info(`Replacing the flow of draft ${version}`);
              await registry.updateDraft(name, version, {
                flow,
                ...(changelog && { changelog }),
              });
            } else {
              await registry.createVersion(name, {
                version,
                flow,
                ...(changelog && { changelog }),
              });
            }
          },
        });
        if (publish) {
          await ctx.checkpoint({
            key: `publish.${agent.id}.${version}`,
            fn: async () => {
              await registry.publishVersion(name, version);
            },
          });
        }
        ctx.logger.info(
          `${agent.entityRef} version ${version} ${
            publish ? 'published' : 'created as a draft'
          } (previous release: ${latest ?? 'none'})`,
        );
      }
      ctx.output('entityRef', agent.entityRef);
      ctx.output('agentId', agent.id);
      ctx.output('version', version);
      ctx.output('previousVersion', latest ?? '');
      ctx.output('published', publish);
    },
  });
}
