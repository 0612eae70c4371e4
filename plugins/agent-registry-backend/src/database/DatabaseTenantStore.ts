import type { Tenant, TenantProject } from '@cmp/plugin-agent-registry-common';
import type { Knex } from 'knex';
import { orUndefined, toIso } from './util';

/** Which tenants a query may see: all of them (admins) or the listed ones. */
export type TenantScope = { all: true } | { all: false; tenantIds: string[] };

function decodeTenant(row: Record<string, any>): Tenant {
  return {
    id: row.id,
    name: row.name,
    waldurCustomerUuid: orUndefined(row.waldur_customer_uuid),
    createdAt: toIso(row.created_at),
  };
}

function decodeProject(row: Record<string, any>): TenantProject {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    waldurProjectUuid: orUndefined(row.waldur_project_uuid),
    createdAt: toIso(row.created_at),
  };
}

/** Restricts a query on a table with a `tenant_id` column to the scope. */
export function whereInScope(
  builder: Knex.QueryBuilder,
  scope: TenantScope,
  column = 'tenant_id',
) {
  if (!scope.all) {
    builder.whereIn(column, scope.tenantIds.length ? scope.tenantIds : ['']);
  }
}

/** The only code that reads and writes `tenants`, `tenant_projects` and `tenant_members`. */
export class DatabaseTenantStore {
  constructor(private readonly db: Knex) {}

  async insert(tenant: Tenant): Promise<void> {
    await this.db('tenants').insert({
      id: tenant.id,
      name: tenant.name,
      waldur_customer_uuid: tenant.waldurCustomerUuid ?? null,
      created_at: new Date(tenant.createdAt),
    });
  }

  async get(scope: TenantScope, id: string): Promise<Tenant | undefined> {
    const row = await this.db('tenants')
      .where({ id })
      .where(b => whereInScope(b, scope, 'id'))
      .first();
    return row ? decodeTenant(row) : undefined;
  }

  async getByWaldurUuid(uuid: string): Promise<Tenant | undefined> {
    const row = await this.db('tenants')
      .where({ waldur_customer_uuid: uuid })
      .first();
    return row ? decodeTenant(row) : undefined;
  }

  async list(
    scope: TenantScope,
    page: { limit: number; offset: number },
  ): Promise<{ items: Tenant[]; totalCount: number }> {
    const query = this.db('tenants').where(b => whereInScope(b, scope, 'id'));
    const [{ count }] = await query.clone().count({ count: '*' });
    const rows = await query
      .orderBy('name')
      .limit(page.limit)
      .offset(page.offset);
    return { items: rows.map(decodeTenant), totalCount: Number(count) };
  }

  async insertProject(project: TenantProject): Promise<void> {
    await this.db('tenant_projects').insert({
      tenant_id: project.tenantId,
      id: project.id,
      name: project.name,
      waldur_project_uuid: project.waldurProjectUuid ?? null,
      created_at: new Date(project.createdAt),
    });
  }

  async getProject(
    tenantId: string,
    id: string,
  ): Promise<TenantProject | undefined> {
    const row = await this.db('tenant_projects')
      .where({ tenant_id: tenantId, id })
      .first();
    return row ? decodeProject(row) : undefined;
  }

  async getProjectByWaldurUuid(
    uuid: string,
  ): Promise<TenantProject | undefined> {
    const row = await this.db('tenant_projects')
      .where({ waldur_project_uuid: uuid })
      .first();
    return row ? decodeProject(row) : undefined;
  }

  /** The tenants of the given marketplace customers (unknown customers are left out). */
  async idsByWaldurUuids(uuids: string[]): Promise<string[]> {
    if (!uuids.length) return [];
    const rows = await this.db('tenants')
      .whereIn('waldur_customer_uuid', uuids)
      .select('id');
    return rows.map(r => r.id);
  }

  async listProjects(tenantId: string): Promise<TenantProject[]> {
    const rows = await this.db('tenant_projects')
      .where({ tenant_id: tenantId })
      .orderBy('name');
    return rows.map(decodeProject);
  }

  async addMember(
    tenantId: string,
    userRef: string,
    createdAt: string,
  ): Promise<void> {
    await this.db('tenant_members')
      .insert({
        tenant_id: tenantId,
        user_ref: userRef,
        created_at: new Date(createdAt),
      })
      .onConflict(['tenant_id', 'user_ref'])
      .ignore();
  }

  async listMembers(tenantId: string): Promise<string[]> {
    const rows = await this.db('tenant_members')
      .where({ tenant_id: tenantId })
      .orderBy('user_ref');
    return rows.map(r => r.user_ref);
  }

  /** The tenants a user acts for. */
  async tenantIdsOfUser(userRef: string): Promise<string[]> {
    const rows = await this.db('tenant_members').where({ user_ref: userRef });
    return rows.map(r => r.tenant_id);
  }
}
