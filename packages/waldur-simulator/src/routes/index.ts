import type { Route } from '../router';
import { customerRoutes } from './customers';
import { eventRoutes } from './events';
import { hookRoutes } from './hooks';
import { invoiceRoutes } from './invoices';
import { offeringRoutes } from './offerings';
import { orderRoutes } from './orders';
import { planRoutes } from './plans';
import { projectRoutes } from './projects';
import { providerRoutes } from './providers';
import { resourceRoutes } from './resources';
import { usageRoutes } from './usages';
import { userRoutes } from './users';

/** Every Waldur API operation the simulator implements. */
export const apiRoutes: Route[] = [
  ...userRoutes,
  ...customerRoutes,
  ...projectRoutes,
  ...providerRoutes,
  ...offeringRoutes,
  ...planRoutes,
  ...orderRoutes,
  ...resourceRoutes,
  ...usageRoutes,
  ...invoiceRoutes,
  ...hookRoutes,
  ...eventRoutes,
];
