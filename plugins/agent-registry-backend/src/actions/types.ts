import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type { Caller } from '../service/Caller';
import type { RegistryServices } from '../service/router';

/** What every registry action registration needs. */
export type RegistryActionOptions = {
  actionsRegistry: ActionsRegistryService;
  services: RegistryServices;
  callerOf: (credentials: BackstageCredentials) => Promise<Caller>;
};
