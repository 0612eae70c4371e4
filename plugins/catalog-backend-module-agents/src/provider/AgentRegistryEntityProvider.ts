import type {
  AuthService,
  DiscoveryService,
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  type Entity,
} from '@backstage/catalog-model';
import type {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import type { EventsService } from '@backstage/plugin-events-node';
import {
  AGENT_REGISTRY_EVENTS_TOPIC,
  type AgentPersona,
  buildAgentApiEntities,
  buildAgentEntity,
  type ConfigRevision,
  type Page,
  type RegistryAgent,
} from '@cmp/plugin-agent-registry-common';

const PAGE_SIZE = 500;

/**
 * Publishes every agent created through the registry as an Agent entity, plus its invoke
 * API (`openapi`) and MCP endpoint (`mcp-server`) as API entities. Agents declared in YAML
 * are not emitted: their location already provides them, so each agent appears once.
 *
 * Runs a full refresh on a schedule and whenever the registry announces a change on the
 * events service, so registry changes show in the catalog without waiting or restarting.
 */
export class AgentRegistryEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private running?: Promise<void>;
  private again = false;

  constructor(
    private readonly options: {
      discovery: DiscoveryService;
      auth: AuthService;
      logger: LoggerService;
      taskRunner: SchedulerServiceTaskRunner;
      events?: EventsService;
    },
  ) {}

  getProviderName(): string {
    return 'agent-registry';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.options.taskRunner.run({
      id: `${this.getProviderName()}:refresh`,
      fn: () => this.refresh(),
    });
    await this.options.events?.subscribe({
      id: 'agent-registry-entity-provider',
      topics: [AGENT_REGISTRY_EVENTS_TOPIC],
      // Refresh in the background: the registry should not wait for the catalog.
      onEvent: async () => {
        this.refresh().catch(error =>
          this.options.logger.warn(
            'Could not refresh registry agents after a change',
            error,
          ),
        );
      },
    });
  }

  /** One refresh at a time; a request that arrives during one runs once more after it. */
  async refresh(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.refreshOnce();
        } while (this.again);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  private async refreshOnce(): Promise<void> {
    if (!this.connection)
      throw new Error('AgentRegistryEntityProvider is not connected');
    const baseUrl = await this.options.discovery.getBaseUrl('agent-registry');
    const { token } = await this.options.auth.getPluginRequestToken({
      onBehalfOf: await this.options.auth.getOwnServiceCredentials(),
      targetPluginId: 'agent-registry',
    });
    const get = async <T>(path: string): Promise<T> => {
      const res = await fetch(`${baseUrl}${path}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      if (!res.ok) {
        throw new Error(
          `GET ${path} failed with ${res.status}: ${await res.text()}`,
        );
      }
      return (await res.json()) as T;
    };

    const agents: RegistryAgent[] = [];
    for (let offset = 0; ; offset += PAGE_SIZE) {
      const page = await get<Page<RegistryAgent>>(
        `/v1/agents?origin=registry&limit=${PAGE_SIZE}&offset=${offset}`,
      );
      agents.push(...page.items);
      if (agents.length >= page.totalCount || page.items.length === 0) break;
    }

    const location = `agent-registry:${baseUrl}`;
    const entities: Entity[] = [];
    for (const agent of agents) {
      const defaults = await get<ConfigRevision>(
        `/v1/agents/${agent.id}/config`,
      );
      const persona = defaults.config.persona as AgentPersona | undefined;
      for (const entity of [
        buildAgentEntity(agent, { persona }),
        ...buildAgentApiEntities(agent, baseUrl),
      ]) {
        entity.metadata.annotations = {
          ...entity.metadata.annotations,
          [ANNOTATION_LOCATION]: location,
          [ANNOTATION_ORIGIN_LOCATION]: location,
        };
        entities.push(entity);
      }
    }
    await this.connection.applyMutation({
      type: 'full',
      entities: entities.map(entity => ({
        entity,
        locationKey: this.getProviderName(),
      })),
    });
    this.options.logger.info(
      `Published ${agents.length} registry agents to the catalog`,
    );
  }
}
