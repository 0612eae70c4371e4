import { ConflictError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { given } from '../agent/agentInput';
import {
  RegistryClient,
  RegistryRequestError,
  registryAgentRef,
} from '../registry/RegistryClient';
import { examples } from './publishMarketplace.examples';
import type { AgentActionOptions } from './types';

/**
 * `agents:publish-marketplace`: asks the registry to sell an agent on its marketplace
 * (Waldur): creates or updates the offering, so running it again is harmless.
 */
export function createPublishMarketplaceAction(options: AgentActionOptions) {
  return createTemplateAction({
    id: 'agents:publish-marketplace',
    description:
      'Puts an Agent Registry agent on sale on the configured marketplace (creates or updates its offering) and outputs the offering id. Dry runs check that the agent can be sold.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        agent: z =>
          z
            .string()
            .describe(
              'The agent: an entity ref (agent:default/faq-bot), its name or its registry id',
            ),
        marketplace: z =>
          z
            .string()
            .optional()
            .describe(
              'The marketplace connector, e.g. waldur (default: the only one)',
            ),
      },
      output: {
        offeringId: z =>
          z
            .string()
            .describe(
              'The marketplace offering ("" in a dry run of a new offering)',
            ),
        offeringUrl: z =>
          z
            .string()
            .optional()
            .describe(
              'Where buyers see the offering, when scaffolder.agents.offeringUrl is set',
            ),
        entityRef: z => z.string(),
        agentId: z => z.string(),
      },
    },
    async handler(ctx) {
      const registry = new RegistryClient({
        ...options,
        credentials: await ctx.getInitiatorCredentials(),
      });
      const agent = await registry.getAgent(registryAgentRef(ctx.input.agent));
      let offeringId: string;
      if (ctx.isDryRun) {
        // What the registry refuses before it asks the marketplace, in its words.
        if (agent.archived)
          throw new ConflictError(`${agent.entityRef} is archived`);
        if (!agent.defaultVersion)
          throw new ConflictError(
            `${agent.entityRef} has no published version to sell yet`,
          );
        if (!agent.plans.length)
          throw new ConflictError(
            `${agent.entityRef} has no pricing plans to sell`,
          );
        offeringId = agent.waldurOfferingUuid ?? '';
        ctx.logger.info(
          `Dry run: ${agent.entityRef} (version ${agent.defaultVersion}, ${agent.plans.length} plans) can be offered; nothing was published`,
        );
      } else {
        let published;
        try {
          published = await registry.publishToMarketplace(
            registryAgentRef(agent.entityRef),
            given(ctx.input.marketplace),
          );
        } catch (e) {
          if (e instanceof RegistryRequestError && e.status === 404) {
            throw new Error(
              `${e.message}. ${agent.entityRef} itself is registered and unchanged; once the platform team has connected the registry to a marketplace (e.g. agentRegistry.waldur in app-config), run "Publish an agent to the marketplace".`,
            );
          }
          throw e;
        }
        offeringId = published.waldurOfferingUuid ?? '';
        ctx.logger.info(
          `${agent.entityRef} is on sale as offering ${offeringId}`,
        );
      }
      ctx.output('offeringId', offeringId);
      if (offeringId && options.offeringUrl) {
        ctx.output(
          'offeringUrl',
          options.offeringUrl.replace(
            '{offeringId}',
            encodeURIComponent(offeringId),
          ),
        );
      }
      ctx.output('entityRef', agent.entityRef);
      ctx.output('agentId', agent.id);
    },
  });
}
