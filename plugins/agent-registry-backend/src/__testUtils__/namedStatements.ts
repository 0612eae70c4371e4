import type { Knex } from 'knex';

/**
 * Calls `onStatement` for each named statement of the gateway (`agent_registry_…`) that
 * node-postgres, as this knex loaded it, sends. Undo with `jest.restoreAllMocks()`.
 */
export function watchNamedStatements(
  knex: Knex,
  onStatement: (name: string, text: string | undefined) => void,
): void {
  const client = (knex.client as any).driver.Client.prototype;
  const query = client.query;
  jest
    .spyOn(client, 'query')
    .mockImplementation(function watch(this: unknown, ...args: any[]) {
      const config = args[0] as { name?: string; text?: string } | undefined;
      if (config?.name?.startsWith('agent_registry_'))
        onStatement(config.name, config.text);
      return query.apply(this, args);
    });
}
