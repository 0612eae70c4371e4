import { ConflictError, NotFoundError } from '@backstage/errors';
import semver from 'semver';
import type { RegistryStores } from '../database/RegistryDatabase';

/**
 * Publishes a draft inside the caller's transaction. The status check is part of the
 * UPDATE, so of two concurrent publishes exactly one wins. The agent's default moves to the
 * new version unless the default is already higher.
 */
export async function publishVersionInTx(
  stores: RegistryStores,
  agentId: string,
  version: string,
  now: string,
): Promise<void> {
  const changed = await stores.versions.updateIfStatus(
    agentId,
    version,
    'draft',
    {
      status: 'published',
      publishedAt: now,
    },
  );
  if (!changed) {
    const existing = await stores.versions.get(agentId, version);
    if (!existing) throw new NotFoundError(`No version ${version}`);
    throw new ConflictError(
      `Version ${version} is ${existing.status}; only drafts can be published`,
    );
  }
  const agent = await stores.agents.get(agentId);
  if (!agent?.defaultVersion || semver.gt(version, agent.defaultVersion)) {
    await stores.agents.update(agentId, {
      defaultVersion: version,
      updatedAt: now,
    });
  }
}
