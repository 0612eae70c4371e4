import { WaldurSimulator } from './control';
import { controlRoutes } from './controlRoutes';
import { Faults } from './faults';
import { apiRoutes } from './routes';
import { SimulatorServer } from './server';
import { Simulation } from './simulation';
import { Store } from './store';

export interface WaldurSimulatorOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** Makes UUIDs and tokens reproducible across runs. */
  seed?: string;
  /** Log sink; default console.log. Lines are prefixed with [waldur-simulator]. */
  log?: (line: string) => void;
  /** Also log every API request (control requests are always logged). */
  verbose?: boolean;
}

/** Starts a simulated Waldur 8.0.5 marketplace API (not Waldur) on a real HTTP port. */
export async function startWaldurSimulator(
  options: WaldurSimulatorOptions = {},
): Promise<WaldurSimulator> {
  const sink = options.log ?? ((line: string) => console.log(line));
  const log = (line: string) => sink(`[waldur-simulator] ${line}`);
  const store = new Store(options.seed);
  const sim = new Simulation(store, log);
  const faults = new Faults();
  const server = new SimulatorServer(sim, faults, apiRoutes, {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    verbose: options.verbose ?? false,
  });
  const simulator = new WaldurSimulator(sim, faults, server);
  server.setControlRoutes(controlRoutes(simulator));
  await server.listen();
  log(`simulated Waldur API (not a real Waldur) listening on ${server.url}`);
  return simulator;
}
