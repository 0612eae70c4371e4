import type { PermissionCriteria } from '@backstage/plugin-permission-common';
import type {
  AgentOrigin,
  AgentPlan,
  AgentRuntimeRef,
  AgentType,
} from '@cmp/plugin-agent-registry-common';
import type { AgentQueryFilter } from '@cmp/plugin-agent-registry-node';
import type { Knex } from 'knex';
import {
  orUndefined,
  parseJson,
  toIso,
  toOptionalIso,
  whereContainsIgnoreCase,
} from './util';

/** An agent row, decoded. */
export type AgentRecord = {
  id: string;
  namespace: string;
  name: string;
  title?: string;
  description?: string;
  type: AgentType;
  lifecycle: string;
  owner: string;
  system?: string;
  tags: string[];
  runtime: AgentRuntimeRef;
  plans: AgentPlan[];
  origin: AgentOrigin;
  sourceLocation?: string;
  /** JSON of the persona last adopted from YAML, to notice when the YAML changes it. */
  sourcePersona?: string;
  defaultVersion?: string;
  waldurOfferingUuid?: string;
  archivedAt?: string;
  createdAt: string;
  updatedAt: string;
};

export type AgentListFilter = {
  owner?: string;
  type?: string;
  lifecycle?: string;
  tag?: string;
  q?: string;
  origin?: AgentOrigin;
  ids?: string[];
  includeArchived?: boolean;
  /** Conditions from the permission framework, applied in SQL. */
  permission?: PermissionCriteria<AgentQueryFilter>;
};

type Row = Record<string, any>;

export function decodeAgent(row: Row): AgentRecord {
  return {
    id: row.id,
    namespace: row.namespace,
    name: row.name,
    title: orUndefined(row.title),
    description: orUndefined(row.description),
    type: row.type,
    lifecycle: row.lifecycle,
    owner: row.owner,
    system: orUndefined(row.system),
    tags: parseJson(row.tags),
    runtime: parseJson(row.runtime),
    plans: parseJson(row.plans),
    origin: row.origin,
    sourceLocation: orUndefined(row.source_location),
    sourcePersona: orUndefined(row.source_persona),
    defaultVersion: orUndefined(row.default_version),
    waldurOfferingUuid: orUndefined(row.waldur_offering_uuid),
    archivedAt: toOptionalIso(row.archived_at),
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

const json = (v: unknown) => JSON.stringify(v);
const date = (v: string) => new Date(v);
const same = (v: unknown) => v;

/** Record field → [column, encoder]. */
const COLUMNS: Record<keyof AgentRecord, [string, (v: any) => unknown]> = {
  id: ['id', same],
  namespace: ['namespace', same],
  name: ['name', same],
  title: ['title', same],
  description: ['description', same],
  type: ['type', same],
  lifecycle: ['lifecycle', same],
  owner: ['owner', same],
  system: ['system', same],
  tags: ['tags', json],
  runtime: ['runtime', json],
  plans: ['plans', json],
  origin: ['origin', same],
  sourceLocation: ['source_location', same],
  sourcePersona: ['source_persona', same],
  defaultVersion: ['default_version', same],
  waldurOfferingUuid: ['waldur_offering_uuid', same],
  archivedAt: ['archived_at', date],
  createdAt: ['created_at', date],
  updatedAt: ['updated_at', date],
};

/** Fields that may be cleared by an update. */
export type AgentPatch = {
  [K in keyof Omit<AgentRecord, 'id'>]?: AgentRecord[K] | null;
};

/** Encodes the given fields only; `null` clears a column, `undefined` leaves it alone. */
function encode(fields: AgentPatch | AgentRecord): Row {
  const row: Row = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const [column, encodeValue] = COLUMNS[key as keyof AgentRecord];
    row[column] = value === null ? null : encodeValue(value);
  }
  return row;
}

function applyPermission(
  builder: Knex.QueryBuilder,
  criteria: PermissionCriteria<AgentQueryFilter>,
): void {
  if ('allOf' in criteria) {
    builder.where(b =>
      criteria.allOf.forEach(c => b.andWhere(i => applyPermission(i, c))),
    );
  } else if ('anyOf' in criteria) {
    builder.where(b =>
      criteria.anyOf.forEach(c => b.orWhere(i => applyPermission(i, c))),
    );
  } else if ('not' in criteria) {
    builder.whereNot(b => applyPermission(b, criteria.not));
  } else {
    // Only `owner` exists today; an empty claim list matches nothing.
    builder.whereIn('owner', criteria.values.length ? criteria.values : ['']);
  }
}

/** The only code that writes the `agents` table (the gateway's joined read: DatabaseAdmissionStore). */
export class DatabaseAgentStore {
  constructor(private readonly db: Knex) {}

  async insert(agent: AgentRecord): Promise<void> {
    await this.db('agents').insert(encode(agent));
  }

  async update(id: string, patch: AgentPatch): Promise<void> {
    await this.db('agents').where({ id }).update(encode(patch));
  }

  async get(id: string): Promise<AgentRecord | undefined> {
    const row = await this.db('agents').where({ id }).first();
    return row ? decodeAgent(row) : undefined;
  }

  async getByName(
    namespace: string,
    name: string,
  ): Promise<AgentRecord | undefined> {
    const row = await this.db('agents')
      .whereRaw('LOWER(namespace) = ? AND LOWER(name) = ?', [
        namespace.toLocaleLowerCase('en-US'),
        name.toLocaleLowerCase('en-US'),
      ])
      .first();
    return row ? decodeAgent(row) : undefined;
  }

  async getByOffering(offeringUuid: string): Promise<AgentRecord | undefined> {
    const row = await this.db('agents')
      .where({ waldur_offering_uuid: offeringUuid })
      .first();
    return row ? decodeAgent(row) : undefined;
  }

  async list(
    filter: AgentListFilter,
    page: { limit: number; offset: number },
  ): Promise<{ items: AgentRecord[]; totalCount: number }> {
    const query = this.db('agents').where(builder => {
      if (!filter.includeArchived) builder.whereNull('archived_at');
      if (filter.owner) builder.where('owner', filter.owner);
      if (filter.type) builder.where('type', filter.type);
      if (filter.lifecycle) builder.where('lifecycle', filter.lifecycle);
      if (filter.origin) builder.where('origin', filter.origin);
      if (filter.ids) builder.whereIn('id', filter.ids);
      if (filter.tag)
        builder.where('tags', 'like', `%${JSON.stringify(filter.tag)}%`);
      if (filter.q)
        whereContainsIgnoreCase(
          builder,
          ['name', 'title', 'description'],
          filter.q,
        );
      if (filter.permission) applyPermission(builder, filter.permission);
    });
    const [{ count }] = await query.clone().count({ count: '*' });
    const rows = await query
      .orderBy([{ column: 'namespace' }, { column: 'name' }])
      .limit(page.limit)
      .offset(page.offset);
    return { items: rows.map(decodeAgent), totalCount: Number(count) };
  }
}
