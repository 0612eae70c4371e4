import { parseArgs } from 'node:util';
import { DEMO_PASSWORD, seedDemoWorld } from './demoWorld';
import { startWaldurSimulator } from './startWaldurSimulator';

const USAGE = `Usage: waldur-simulator [options]

Starts a simulated Waldur 8.0.5 marketplace API (not Waldur) seeded with a demo world.

Options:
  --port <n>     TCP port (env WALDUR_SIMULATOR_PORT, default 8000; 0 = any free port)
  --host <addr>  interface to bind (env WALDUR_SIMULATOR_HOST, default 127.0.0.1)
  --seed <text>  seed for UUIDs and tokens (default "waldur-simulator-demo": stable tokens)
  --empty        start without the demo world
  --quiet        do not log every API request
  -h, --help     show this help
`;

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      empty: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const port = Number(values.port ?? process.env.WALDUR_SIMULATOR_PORT ?? 8000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(
      `Invalid port: ${values.port ?? process.env.WALDUR_SIMULATOR_PORT}`,
    );
  }
  const simulator = await startWaldurSimulator({
    port,
    host: values.host ?? process.env.WALDUR_SIMULATOR_HOST ?? '127.0.0.1',
    seed: values.seed ?? 'waldur-simulator-demo',
    verbose: !values.quiet,
  });

  const lines = [
    `Waldur simulator (NOT a real Waldur) at ${simulator.url}`,
    `Control surface: ${simulator.url}/_simulator/state/`,
  ];
  if (!values.empty) {
    const world = seedDemoWorld(simulator);
    lines.push(
      '',
      `Provider organization "${world.provider.customer.name}": ${world.provider.customer.uuid}`,
      `Category "${world.category.title}": ${world.category.uuid} (${world.category.url})`,
      `Registry service user "${world.registry.username}": Token ${world.registry.token}`,
      `Staff user "${world.staff.username}": Token ${world.staff.token}`,
      ...world.buyers.flatMap(buyer => [
        `Buyer "${buyer.user.username}" of "${buyer.customer.name}" (${buyer.customer.uuid}): Token ${buyer.user.token}`,
        `  project "${buyer.project.name}": ${buyer.project.uuid}`,
      ]),
      `All demo users have the password "${DEMO_PASSWORD}".`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);

  const shutdown = () => {
    simulator.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
