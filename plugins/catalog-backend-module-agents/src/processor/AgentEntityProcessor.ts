import {
  type Entity,
  getCompoundEntityRef,
  parseEntityRef,
  RELATION_API_PROVIDED_BY,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  RELATION_HAS_PART,
  RELATION_OWNED_BY,
  RELATION_OWNER_OF,
  RELATION_PART_OF,
  RELATION_PROVIDES_API,
} from '@backstage/catalog-model';
import type { LocationSpec } from '@backstage/plugin-catalog-common';
import {
  type CatalogProcessor,
  type CatalogProcessorEmit,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  type AgentEntityV1alpha1,
  assertValidAgentEntity,
  isAgentEntity,
} from '@cmp/plugin-agent-registry-common';

/**
 * Validates `kind: Agent` entities and emits their relations in both directions
 * (classic processors are not reversed by the catalog).
 */
export class AgentEntityProcessor implements CatalogProcessor {
  getProcessorName(): string {
    return 'AgentEntityProcessor';
  }

  async validateEntityKind(entity: Entity): Promise<boolean> {
    if (!isAgentEntity(entity)) {
      return false;
    }
    // Throwing records a processing error on the entity whose message names each bad field.
    assertValidAgentEntity(entity);
    return true;
  }

  async postProcessEntity(
    entity: Entity,
    _location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    if (!isAgentEntity(entity)) {
      return entity;
    }
    const { spec } = entity as AgentEntityV1alpha1;
    const self = getCompoundEntityRef(entity);
    const namespace = self.namespace;

    const relate = (
      targets: string | string[] | undefined,
      defaultKind: string,
      outgoing: string,
      incoming: string,
    ) => {
      for (const target of [targets ?? []].flat()) {
        const ref = parseEntityRef(target, {
          defaultKind,
          defaultNamespace: namespace,
        });
        emit(
          processingResult.relation({
            source: self,
            type: outgoing,
            target: ref,
          }),
        );
        emit(
          processingResult.relation({
            source: ref,
            type: incoming,
            target: self,
          }),
        );
      }
    };

    relate(spec.owner, 'Group', RELATION_OWNED_BY, RELATION_OWNER_OF);
    relate(spec.system, 'System', RELATION_PART_OF, RELATION_HAS_PART);
    relate(
      spec.providesApis,
      'API',
      RELATION_PROVIDES_API,
      RELATION_API_PROVIDED_BY,
    );
    relate(
      spec.runtime.resource,
      'Resource',
      RELATION_DEPENDS_ON,
      RELATION_DEPENDENCY_OF,
    );
    relate(
      spec.dependsOn,
      'Component',
      RELATION_DEPENDS_ON,
      RELATION_DEPENDENCY_OF,
    );
    return entity;
  }
}
