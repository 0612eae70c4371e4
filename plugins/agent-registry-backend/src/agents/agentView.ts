import { stringifyEntityRef } from '@backstage/catalog-model';
import type { RegistryAgent } from '@cmp/plugin-agent-registry-common';
import type { AgentRecord } from '../database/DatabaseAgentStore';
import type { VersionSummary } from '../database/DatabaseVersionStore';
import { latestPublished } from '../versions/semverOrder';

export function agentEntityRef(agent: {
  namespace: string;
  name: string;
}): string {
  return stringifyEntityRef({
    kind: 'agent',
    namespace: agent.namespace,
    name: agent.name,
  });
}

/** The API view of an agent; `versions` are its version summaries (for "latest"). */
export function toRegistryAgent(
  record: AgentRecord,
  versions: VersionSummary[],
): RegistryAgent {
  return {
    id: record.id,
    namespace: record.namespace,
    name: record.name,
    entityRef: agentEntityRef(record),
    title: record.title,
    description: record.description,
    type: record.type,
    lifecycle: record.lifecycle,
    owner: record.owner,
    system: record.system,
    tags: record.tags,
    runtime: record.runtime,
    plans: record.plans,
    origin: record.origin,
    sourceLocation: record.sourceLocation,
    defaultVersion: record.defaultVersion,
    latestVersion: latestPublished(
      versions.filter(v => v.agentId === record.id),
    ),
    waldurOfferingUuid: record.waldurOfferingUuid,
    archived: Boolean(record.archivedAt),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}
