import type { AuthService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';

/** The registry's questions to the catalog, asked with the plugin's own identity. */
export class CatalogLookup {
  constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
  ) {}

  async getEntity(ref: string): Promise<Entity | undefined> {
    return this.catalog.getEntityByRef(ref, {
      credentials: await this.auth.getOwnServiceCredentials(),
    });
  }

  /** Every Agent entity in the catalog. */
  async listAgentEntities(): Promise<Entity[]> {
    const { items } = await this.catalog.getEntities(
      { filter: { kind: 'Agent' } },
      { credentials: await this.auth.getOwnServiceCredentials() },
    );
    return items;
  }
}
