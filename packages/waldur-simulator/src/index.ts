/**
 * A simulator of the Waldur 8.0.5 marketplace API for tests, benchmarks and
 * demo mode of the Agent Registry. It is not Waldur.
 *
 * @packageDocumentation
 */

export { startWaldurSimulator } from './startWaldurSimulator';
export type { WaldurSimulatorOptions } from './startWaldurSimulator';
export { WaldurSimulator } from './control';
export type {
  CreateOrderInput,
  CreateUserInput,
  RegisterHookInput,
  RoleGrant,
  SimulatorState,
  SimulatorUser,
  UserRef,
} from './control';
export { seedDemoWorld, DEMO_PASSWORD } from './demoWorld';
export type { DemoBuyer, DemoWorld } from './demoWorld';
export type { DownMode, PathPattern } from './faults';
export type { DeliveryRecord } from './store';
export { checkResponse, OPENAPI_FILE } from './openapi';
export type { ResponseCheck } from './openapi';
export * from './types';
