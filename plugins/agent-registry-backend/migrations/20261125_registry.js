// @ts-check

/**
 * The registry's first schema: agents, their versions, configuration revisions (agent
 * defaults and per-tenant overlays), tenants (Waldur customers) with projects and members,
 * and access records. Tenant-owned tables carry tenant_id in their primary key.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('agents', table => {
    table.comment(
      'Agents registered with the registry or adopted from the catalog',
    );
    table.string('id', 36).primary();
    table.string('namespace', 255).notNullable();
    table.string('name', 255).notNullable();
    table.string('title', 255);
    table.text('description');
    table.string('type', 32).notNullable();
    table.string('lifecycle', 64).notNullable();
    table.string('owner', 255).notNullable().comment('Normalised entity ref');
    table.string('system', 255);
    table.text('tags').notNullable().comment('JSON array');
    table.text('runtime').notNullable().comment('JSON runtime reference');
    table.text('plans').notNullable().comment('JSON array of plans');
    table.string('origin', 16).notNullable().comment('registry | catalog');
    table.text('source_location');
    table.text('source_persona').comment('JSON persona last adopted from YAML');
    table.string('default_version', 64);
    table.string('waldur_offering_uuid', 32);
    table.timestamp('archived_at', { useTz: true });
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.unique(['namespace', 'name'], {
      indexName: 'agents_namespace_name_uq',
    });
    table.index(['owner'], 'agents_owner_idx');
  });

  await knex.schema.createTable('agent_versions', table => {
    table.comment('Versions of an agent; immutable once published');
    table
      .string('agent_id', 36)
      .notNullable()
      .references('id')
      .inTable('agents')
      .onDelete('CASCADE');
    table.string('version', 64).notNullable();
    table
      .string('status', 16)
      .notNullable()
      .comment('draft | published | deprecated');
    table.text('changelog');
    table.text('flow').notNullable().comment('JSON Langflow flow export');
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('published_at', { useTz: true });
    table.timestamp('deprecated_at', { useTz: true });
    table.primary(['agent_id', 'version']);
  });

  await knex.schema.createTable('tenants', table => {
    table.comment('Buying customers (Waldur customers)');
    table.string('id', 36).primary();
    table.string('name', 255).notNullable();
    table.string('waldur_customer_uuid', 32).unique();
    table.timestamp('created_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('tenant_projects', table => {
    table.comment('Projects inside a tenant (Waldur projects)');
    table
      .string('tenant_id', 36)
      .notNullable()
      .references('id')
      .inTable('tenants')
      .onDelete('CASCADE');
    table.string('id', 36).notNullable();
    table.string('name', 255).notNullable();
    table.string('waldur_project_uuid', 32).unique();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.primary(['tenant_id', 'id']);
    table.unique(['id']);
  });

  await knex.schema.createTable('tenant_members', table => {
    table.comment('Users who act for a tenant');
    table
      .string('tenant_id', 36)
      .notNullable()
      .references('id')
      .inTable('tenants')
      .onDelete('CASCADE');
    table.string('user_ref', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.primary(['tenant_id', 'user_ref']);
    table.index(['user_ref'], 'tenant_members_user_idx');
  });

  await knex.schema.createTable('agent_access', table => {
    table.comment(
      'An agent sold to a tenant: project, plan, state, Waldur resource',
    );
    table
      .string('tenant_id', 36)
      .notNullable()
      .references('id')
      .inTable('tenants')
      .onDelete('CASCADE');
    table.string('id', 36).notNullable();
    table
      .string('agent_id', 36)
      .notNullable()
      .references('id')
      .inTable('agents')
      .onDelete('CASCADE');
    table.string('project_id', 36);
    table.string('plan', 64).notNullable();
    table.string('state', 16).notNullable();
    table.string('waldur_resource_uuid', 32).unique();
    table.string('pinned_version', 64);
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.primary(['tenant_id', 'id']);
    table.unique(['id']);
    table.index(['agent_id'], 'agent_access_agent_idx');
  });

  await knex.schema.createTable('config_revisions', table => {
    table.comment(
      'Saved configurations: agent defaults (tenant_id empty) and tenant overlays',
    );
    table
      .string('tenant_id', 36)
      .notNullable()
      .comment("'' for agent defaults");
    table
      .string('agent_id', 36)
      .notNullable()
      .references('id')
      .inTable('agents')
      .onDelete('CASCADE');
    table.integer('revision').notNullable();
    table.text('config').notNullable().comment('JSON configuration');
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.primary(['tenant_id', 'agent_id', 'revision']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('config_revisions');
  await knex.schema.dropTable('agent_access');
  await knex.schema.dropTable('tenant_members');
  await knex.schema.dropTable('tenant_projects');
  await knex.schema.dropTable('tenants');
  await knex.schema.dropTable('agent_versions');
  await knex.schema.dropTable('agents');
};
