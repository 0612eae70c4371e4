import type { AuthService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';

/** What the registry asks the catalog. */
export interface CatalogReader {
  getEntity(ref: string): Promise<Entity | undefined>;
  /** Every Agent entity in the catalog. */
  listAgentEntities(): Promise<Entity[]>;
}

/** The registry's questions to the catalog, asked with the plugin's own identity. */
export class CatalogLookup implements CatalogReader {
  constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
  ) {}

  async getEntity(ref: string): Promise<Entity | undefined> {
    return this.catalog.getEntityByRef(ref, {
      credentials: await this.auth.getOwnServiceCredentials(),
    });
  }

  async listAgentEntities(): Promise<Entity[]> {
    const { items } = await this.catalog.getEntities(
      { filter: { kind: 'Agent' } },
      { credentials: await this.auth.getOwnServiceCredentials() },
    );
    return items;
  }
}
