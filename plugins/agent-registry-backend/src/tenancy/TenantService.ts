import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  type Page,
  type Tenant,
  tenantAdminPermission,
  type TenantProject,
} from '@cmp/plugin-agent-registry-common';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { z } from 'zod/v3';
import type { Caller } from '../service/Caller';
import { audited, type RegistryContext } from '../service/RegistryContext';
import { parseInput } from '../service/validation';

const waldurUuid = z
  .string()
  .regex(/^[0-9a-f]{32}$/, 'must be a Waldur UUID (32 hex digits)');

export const createTenantSchema = z
  .object({
    name: z.string().min(1).max(255),
    waldurCustomerUuid: waldurUuid.optional(),
  })
  .strict();
export const createProjectSchema = z
  .object({
    name: z.string().min(1).max(255),
    waldurProjectUuid: waldurUuid.optional(),
  })
  .strict();
export const addMemberSchema = z
  .object({
    userRef: z.string().refine(ref => {
      try {
        return (
          parseEntityRef(ref, { defaultKind: 'user' }).kind.toLocaleLowerCase(
            'en-US',
          ) === 'user'
        );
      } catch {
        return false;
      }
    }, 'must be a user entity reference such as user:default/alice'),
  })
  .strict();

/**
 * Tenants are Waldur customers. Everything here is scoped: a caller sees only the tenants
 * it is a member of, unless it holds the tenant admin permission.
 */
export class TenantService {
  constructor(private readonly ctx: RegistryContext) {}

  async list(
    caller: Caller,
    q: { limit?: number; offset?: number },
  ): Promise<Page<Tenant>> {
    const limit = Math.min(q.limit ?? 50, 500);
    const offset = q.offset ?? 0;
    const scope = await this.ctx.accessControl.tenantScope(caller);
    return {
      ...(await this.ctx.db.stores.tenants.list(scope, { limit, offset })),
      limit,
      offset,
    };
  }

  /** A tenant the caller may see; any other answers 404. */
  async get(caller: Caller, tenantId: string): Promise<Tenant> {
    const scope = await this.ctx.accessControl.tenantScope(caller);
    const tenant = await this.ctx.db.stores.tenants.get(scope, tenantId);
    if (!tenant)
      throw new NotFoundError(`No tenant ${JSON.stringify(tenantId)}`);
    return tenant;
  }

  async create(caller: Caller, body: unknown): Promise<Tenant> {
    const input = parseInput(createTenantSchema, body);
    await this.ctx.accessControl.assertBasic(caller, tenantAdminPermission);
    const tenant: Tenant = {
      id: this.ctx.newId(),
      name: input.name,
      waldurCustomerUuid: input.waldurCustomerUuid,
      createdAt: this.ctx.now().toISOString(),
    };
    return audited(
      this.ctx,
      caller,
      'tenant-create',
      { tenant: tenant.id, name: tenant.name },
      async () => {
        if (
          input.waldurCustomerUuid &&
          (await this.ctx.db.stores.tenants.getByWaldurUuid(
            input.waldurCustomerUuid,
          ))
        ) {
          throw new ConflictError(
            `A tenant for Waldur customer ${input.waldurCustomerUuid} already exists`,
          );
        }
        await this.ctx.db.stores.tenants.insert(tenant);
        return tenant;
      },
    );
  }

  async listProjects(
    caller: Caller,
    tenantId: string,
  ): Promise<TenantProject[]> {
    const tenant = await this.get(caller, tenantId);
    return this.ctx.db.stores.tenants.listProjects(tenant.id);
  }

  async createProject(
    caller: Caller,
    tenantId: string,
    body: unknown,
  ): Promise<TenantProject> {
    const input = parseInput(createProjectSchema, body);
    const tenant = await this.get(caller, tenantId);
    await this.ctx.accessControl.assertBasic(caller, tenantAdminPermission);
    const project: TenantProject = {
      id: this.ctx.newId(),
      tenantId: tenant.id,
      name: input.name,
      waldurProjectUuid: input.waldurProjectUuid,
      createdAt: this.ctx.now().toISOString(),
    };
    return audited(
      this.ctx,
      caller,
      'project-create',
      { tenant: tenant.id, project: project.id },
      async () => {
        await this.ctx.db.stores.tenants.insertProject(project);
        return project;
      },
    );
  }

  async listMembers(caller: Caller, tenantId: string): Promise<string[]> {
    const tenant = await this.get(caller, tenantId);
    return this.ctx.db.stores.tenants.listMembers(tenant.id);
  }

  async addMember(
    caller: Caller,
    tenantId: string,
    body: unknown,
  ): Promise<string[]> {
    const input = parseInput(addMemberSchema, body);
    const tenant = await this.get(caller, tenantId);
    await this.ctx.accessControl.assertBasic(caller, tenantAdminPermission);
    const userRef = stringifyEntityRef(
      parseEntityRef(input.userRef, {
        defaultKind: 'user',
        defaultNamespace: 'default',
      }),
    );
    return audited(
      this.ctx,
      caller,
      'tenant-member-add',
      { tenant: tenant.id, user: userRef },
      async () => {
        await this.ctx.db.stores.tenants.addMember(
          tenant.id,
          userRef,
          this.ctx.now().toISOString(),
        );
        return this.ctx.db.stores.tenants.listMembers(tenant.id);
      },
    );
  }
}
