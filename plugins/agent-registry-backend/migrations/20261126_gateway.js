// @ts-check

/**
 * Keys, metering, quotas and the credit wallet. Tenant-owned tables carry tenant_id in
 * their primary key. Money is stored as integer micro-units of the currency (1 EUR =
 * 1,000,000) so sums are exact.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('agent_access', table => {
    table
      .string('billing_cycle', 16)
      .notNullable()
      .defaultTo('monthly')
      .comment('monthly | yearly');
  });

  await knex.schema.createTable('api_keys', table => {
    table.comment(
      'API, MCP and widget keys; only a hash of each key is stored',
    );
    table
      .string('tenant_id', 36)
      .notNullable()
      .references('id')
      .inTable('tenants')
      .onDelete('CASCADE');
    table.string('id', 36).notNullable();
    table.string('access_id', 36).notNullable();
    table.string('kind', 16).notNullable().comment('api | mcp | widget');
    table.string('name', 255).notNullable();
    table
      .string('key_hash', 64)
      .notNullable()
      .unique()
      .comment('SHA-256 of the key, hex');
    table.string('last_chars', 8).notNullable();
    table
      .string('state', 16)
      .notNullable()
      .comment('active | paused | revoked');
    table.text('allowed_origins').comment('JSON array; widget keys only');
    table.timestamp('expires_at', { useTz: true });
    table
      .string('replaced_by', 36)
      .comment('The key that rotated this one out');
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('revoked_at', { useTz: true });
    table.primary(['tenant_id', 'id']);
    table.unique(['id']);
    table.index(['access_id'], 'api_keys_access_idx');
  });

  await knex.schema.createTable('quota_counters', table => {
    table.comment(
      'Calls used per access and quota period; the atomic quota check',
    );
    table.string('tenant_id', 36).notNullable();
    table.string('access_id', 36).notNullable();
    table.string('period', 16).notNullable().comment('YYYY-MM or YYYY');
    table.bigInteger('used').notNullable().defaultTo(0);
    table.bigInteger('quota').comment('null = unlimited');
    table.primary(['tenant_id', 'access_id', 'period']);
  });

  await knex.schema.createTable('wallets', table => {
    table.comment('Prepaid credit per tenant; never negative');
    table
      .string('tenant_id', 36)
      .primary()
      .references('id')
      .inTable('tenants')
      .onDelete('CASCADE');
    table.string('currency', 3).notNullable();
    table.bigInteger('balance_micros').notNullable().defaultTo(0);
    table
      .bigInteger('low_balance_micros')
      .comment('notify once when the balance falls below');
    table.timestamp('low_balance_notified_at', { useTz: true });
    table.bigInteger('auto_topup_below_micros');
    table.bigInteger('auto_topup_amount_micros');
    table.timestamp('updated_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('wallet_entries', table => {
    table.comment('The wallet ledger: top-ups, charges and refunds');
    table.string('tenant_id', 36).notNullable();
    table.string('id', 36).notNullable();
    table.string('kind', 16).notNullable().comment('topup | charge | refund');
    table.bigInteger('amount_micros').notNullable().comment('signed');
    table.bigInteger('balance_after_micros').notNullable();
    table.string('reference', 255);
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.primary(['tenant_id', 'id']);
  });

  await knex.schema.createTable('topup_requests', table => {
    table.comment('Requests for more credit, e.g. from an auto top-up rule');
    table.string('tenant_id', 36).notNullable();
    table.string('id', 36).notNullable();
    table.bigInteger('amount_micros').notNullable();
    table.string('reason', 16).notNullable().comment('auto | manual');
    table
      .string('state', 16)
      .notNullable()
      .comment('open | fulfilled | cancelled');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('fulfilled_at', { useTz: true });
    table.primary(['tenant_id', 'id']);
  });

  await knex.schema.createTable('usage_events', table => {
    table.comment(
      'One row per call: written (pending) before the runtime runs, completed after',
    );
    table.string('tenant_id', 36).notNullable();
    table.string('id', 36).notNullable();
    table.string('access_id', 36).notNullable();
    table.string('key_id', 36).notNullable();
    table.string('idempotency_key', 255).notNullable();
    table.string('status', 16).notNullable().comment('pending | ok');
    table.string('quota_period', 16);
    table.boolean('counted_in_quota').notNullable();
    table.bigInteger('charged_micros').notNullable().defaultTo(0);
    table.integer('input_tokens');
    table.integer('output_tokens');
    table.integer('compute_ms');
    table
      .text('response')
      .comment('JSON answer replayed for a repeated idempotency key');
    table.timestamp('occurred_at', { useTz: true }).notNullable();
    table.primary(['tenant_id', 'id']);
    table.unique(['access_id', 'idempotency_key']);
    table.index(['status', 'occurred_at'], 'usage_events_status_idx');
  });

  await knex.schema.createTable('usage_rollups', table => {
    table.comment('Usage per access, key and day, for fast reads and billing');
    table.string('tenant_id', 36).notNullable();
    table.string('access_id', 36).notNullable();
    table.string('key_id', 36).notNullable();
    table.string('day', 10).notNullable().comment('YYYY-MM-DD (UTC)');
    table.bigInteger('calls').notNullable().defaultTo(0);
    table.bigInteger('input_tokens').notNullable().defaultTo(0);
    table.bigInteger('output_tokens').notNullable().defaultTo(0);
    table.bigInteger('compute_ms').notNullable().defaultTo(0);
    table.bigInteger('charged_micros').notNullable().defaultTo(0);
    table.primary(['tenant_id', 'access_id', 'key_id', 'day']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('usage_rollups');
  await knex.schema.dropTable('usage_events');
  await knex.schema.dropTable('topup_requests');
  await knex.schema.dropTable('wallet_entries');
  await knex.schema.dropTable('wallets');
  await knex.schema.dropTable('quota_counters');
  await knex.schema.dropTable('api_keys');
  await knex.schema.alterTable('agent_access', table => {
    table.dropColumn('billing_cycle');
  });
};
