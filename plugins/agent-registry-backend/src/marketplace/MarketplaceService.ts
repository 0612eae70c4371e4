import {
  ConflictError,
  isError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { type RegistryAgent } from '@cmp/plugin-agent-registry-common';
import { z } from 'zod/v3';
import type { AgentService } from '../agents/AgentService';
import type { Caller } from '../service/Caller';
import { audited, type RegistryContext } from '../service/RegistryContext';
import { parseInput } from '../service/validation';
import type { MarketplaceConnectors } from './MarketplaceConnectors';

export const publishSchema = z
  .object({ marketplace: z.string().optional() })
  .strict();
export const unpublishSchema = z
  .object({
    marketplace: z.string().optional(),
    mode: z.enum(['pause', 'archive']).default('pause'),
  })
  .strict();

const CLIENT_ERRORS = [
  'InputError',
  'ConflictError',
  'NotFoundError',
  'NotAllowedError',
];

/** The marketplace refused our data (keep its 4xx) or could not be reached (503). */
function marketplaceFailure(message: string, error: unknown): Error {
  if (isError(error) && CLIENT_ERRORS.includes(error.name)) return error;
  return new ServiceUnavailableError(
    `${message}: ${isError(error) ? error.message : String(error)}`,
  );
}

/** Puts agents on sale on a marketplace and takes them off again (owners and admins). */
export class MarketplaceService {
  constructor(
    private readonly ctx: RegistryContext,
    private readonly agents: AgentService,
    private readonly connectors: MarketplaceConnectors,
  ) {}

  async publish(
    caller: Caller,
    agentRef: string,
    body: unknown,
  ): Promise<RegistryAgent> {
    const input = parseInput(publishSchema, body ?? {});
    const { agent } = await this.agents.resolveForUpdate(caller, agentRef);
    const connector = this.connector(input.marketplace);
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
    return audited(
      this.ctx,
      caller,
      'agent-publish-offering',
      { agent: agent.entityRef, marketplace: connector.id },
      async () => {
        let offeringId: string;
        try {
          ({ offeringId } = await connector.publishAgent(agent));
        } catch (error) {
          throw marketplaceFailure(
            `Publishing to ${connector.id} failed`,
            error,
          );
        }
        const now = this.ctx.now().toISOString();
        await this.ctx.db.stores.agents.update(agent.id, {
          waldurOfferingUuid: offeringId,
          updatedAt: now,
        });
        await this.ctx.notifier.notify({
          agentId: agent.id,
          change: 'updated',
        });
        return { ...agent, waldurOfferingUuid: offeringId, updatedAt: now };
      },
    );
  }

  async unpublish(
    caller: Caller,
    agentRef: string,
    body: unknown,
  ): Promise<RegistryAgent> {
    const input = parseInput(unpublishSchema, body ?? {});
    const { agent } = await this.agents.resolveForUpdate(caller, agentRef);
    const connector = this.connector(input.marketplace);
    if (!agent.waldurOfferingUuid)
      throw new ConflictError(`${agent.entityRef} is not on sale`);
    return audited(
      this.ctx,
      caller,
      'agent-unpublish-offering',
      { agent: agent.entityRef, mode: input.mode },
      async () => {
        try {
          await connector.unpublishAgent(agent, input.mode);
        } catch (error) {
          throw marketplaceFailure(
            `Taking ${agent.entityRef} off ${connector.id} failed`,
            error,
          );
        }
        if (input.mode === 'archive') {
          await this.ctx.db.stores.agents.update(agent.id, {
            waldurOfferingUuid: null,
            updatedAt: this.ctx.now().toISOString(),
          });
          await this.ctx.notifier.notify({
            agentId: agent.id,
            change: 'updated',
          });
          return { ...agent, waldurOfferingUuid: undefined };
        }
        return agent;
      },
    );
  }

  private connector(id?: string) {
    const connector = this.connectors.find(id);
    if (!connector) {
      throw new NotFoundError(
        id
          ? `No marketplace "${id}" is configured`
          : 'No marketplace is configured (or several: name one)',
      );
    }
    return connector;
  }
}
