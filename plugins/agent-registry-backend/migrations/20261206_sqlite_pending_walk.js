// @ts-check

/**
 * SQLite: the partial index of pending calls is written twice per call, when the call is
 * reserved and again when it completes (the entry leaves the index), about 2 of the 10 or
 * so pages a call writes to the log. SQLite finds calls left pending by a dead process by
 * walking the events in the order they were written instead
 * (`DatabaseMeteringStore.sweepStale`). PostgreSQL keeps the index: there a completed
 * call's new row version simply is not in it, so it is written once per call.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  if (knex.client.config.client === 'pg') return;
  await knex.raw('DROP INDEX usage_events_pending_idx');
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  if (knex.client.config.client === 'pg') return;
  await knex.raw(
    `CREATE INDEX usage_events_pending_idx ON usage_events (occurred_at) WHERE status = 'pending'`,
  );
};
