// @ts-check

/**
 * Only pending calls need finding by age (to release those whose process died). A
 * partial index holds just them: completing a call no longer moves its entry inside an
 * index of every call, and the index stays as small as the calls in flight.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('usage_events', table => {
    table.dropIndex(['status', 'occurred_at'], 'usage_events_status_idx');
  });
  await knex.raw(
    `CREATE INDEX usage_events_pending_idx ON usage_events (occurred_at) WHERE status = 'pending'`,
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.raw('DROP INDEX usage_events_pending_idx');
  await knex.schema.alterTable('usage_events', table => {
    table.index(['status', 'occurred_at'], 'usage_events_status_idx');
  });
};
