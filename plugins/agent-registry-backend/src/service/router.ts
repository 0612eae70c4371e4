import type {
  AuthService,
  HttpAuthService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import express, { type Request } from 'express';
import type { AccessService } from '../access/AccessService';
import type { AgentService } from '../agents/AgentService';
import type { CatalogAdoption } from '../catalog/CatalogAdoption';
import type { ConfigService } from '../config/ConfigService';
import { addGatewayRoutes, gatewayRoutes } from '../gateway/gatewayRoutes';
import type { GatewayService } from '../gateway/GatewayService';
import type { KeyService } from '../keys/KeyService';
import type { MarketplaceConnectors } from '../marketplace/MarketplaceConnectors';
import type { MarketplaceService } from '../marketplace/MarketplaceService';
import type { UsageService } from '../metering/UsageService';
import type { RegistryContext } from './RegistryContext';
import type { WalletService } from '../wallet/WalletService';
import { spec } from '../schema/openapi.generated';
import type { TenantService } from '../tenancy/TenantService';
import type { VersionService } from '../versions/VersionService';
import { bodyErrorHandler } from './bodyErrors';
import { type Caller, resolveCaller } from './Caller';

export type RegistryServices = {
  agents: AgentService;
  versions: VersionService;
  config: ConfigService;
  tenants: TenantService;
  access: AccessService;
  adoption: CatalogAdoption;
  marketplace: MarketplaceService;
  connectors: MarketplaceConnectors;
  keys: KeyService;
  wallets: WalletService;
  usage: UsageService;
  gateway: GatewayService;
};

export type RouterOptions = {
  httpAuth: HttpAuthService;
  auth: AuthService;
  userInfo: UserInfoService;
  services: RegistryServices;
  ctx: RegistryContext;
  /** Tests turn this on so that every answer is checked against the OpenAPI document. */
  validateResponses?: boolean;
};

/** Flow exports can be large; anything above this is answered with 413. */
export const BODY_LIMIT = '4mb';

/**
 * The REST API, built from the OpenAPI document: requests are validated against it
 * before a handler runs. Handlers only parse, resolve the caller and call a service.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, auth, userInfo, services } = options;
  // The document validates every request at runtime. Its inferred types cannot follow
  // path-level `$ref` parameters, so handlers are typed by the services instead.
  const router = createValidatedOpenApiRouter(spec as any, {
    middleware: [express.json({ limit: BODY_LIMIT }), bodyErrorHandler as any],
    validatorOptions: options.validateResponses
      ? { validateResponses: true }
      : undefined,
  }) as unknown as express.Router;
  // Tenant routes also serve marketplace buyers (`Authorization: Token <Waldur token>`,
  // as HomePort holds it); everything else needs a Backstage user or service token.
  const caller = async (
    req: Request<any, any, any, any, any>,
  ): Promise<Caller> => {
    const authorization = req.header('authorization');
    if (authorization && /^Token\s+\S+$/i.test(authorization)) {
      const identity = await services.connectors.resolveBuyer(authorization);
      return {
        credentials: await auth.getNoneCredentials(),
        actor: identity.actor,
        ownershipRefs: [],
        buyer: {
          tenantIds: await options.ctx.db.stores.tenants.idsByWaldurUuids(
            identity.customerIds,
          ),
        },
      };
    }
    return resolveCaller(
      await httpAuth.credentials(req, { allow: ['user', 'service'] }),
      { auth, userInfo },
    );
  };

  router.get('/v1/agents', async (req, res) => {
    res.json(await services.agents.list(await caller(req), req.query));
  });
  router.post('/v1/agents', async (req, res) => {
    res
      .status(201)
      .json(await services.agents.create(await caller(req), req.body));
  });
  router.get('/v1/agents/:agent', async (req, res) => {
    res.json(await services.agents.get(await caller(req), req.params.agent));
  });
  router.patch('/v1/agents/:agent', async (req, res) => {
    res.json(
      await services.agents.update(
        await caller(req),
        req.params.agent,
        req.body,
      ),
    );
  });
  router.post('/v1/agents/:agent/archive', async (req, res) => {
    res.json(
      await services.agents.archive(await caller(req), req.params.agent),
    );
  });

  router.get('/v1/agents/:agent/versions', async (req, res) => {
    res.json({
      items: await services.versions.list(await caller(req), req.params.agent),
    });
  });
  router.post('/v1/agents/:agent/versions', async (req, res) => {
    res
      .status(201)
      .json(
        await services.versions.createDraft(
          await caller(req),
          req.params.agent,
          req.body,
        ),
      );
  });
  router.get('/v1/agents/:agent/versions/:version', async (req, res) => {
    res.json(
      await services.versions.get(
        await caller(req),
        req.params.agent,
        req.params.version,
      ),
    );
  });
  router.put('/v1/agents/:agent/versions/:version', async (req, res) => {
    res.json(
      await services.versions.updateDraft(
        await caller(req),
        req.params.agent,
        req.params.version,
        req.body,
      ),
    );
  });
  router.post(
    '/v1/agents/:agent/versions/:version/publish',
    async (req, res) => {
      res.json(
        await services.versions.publish(
          await caller(req),
          req.params.agent,
          req.params.version,
        ),
      );
    },
  );
  router.post(
    '/v1/agents/:agent/versions/:version/deprecate',
    async (req, res) => {
      res.json(
        await services.versions.deprecate(
          await caller(req),
          req.params.agent,
          req.params.version,
        ),
      );
    },
  );
  router.post('/v1/agents/:agent/rollback', async (req, res) => {
    res.json(
      await services.versions.rollback(
        await caller(req),
        req.params.agent,
        req.body ?? {},
      ),
    );
  });

  router.get('/v1/agents/:agent/config', async (req, res) => {
    res.json(
      await services.config.getDefaults(await caller(req), req.params.agent),
    );
  });
  router.put('/v1/agents/:agent/config', async (req, res) => {
    res.json(
      await services.config.setDefaults(
        await caller(req),
        req.params.agent,
        req.body,
      ),
    );
  });
  router.get('/v1/agents/:agent/config/history', async (req, res) => {
    res.json(
      await services.config.defaultsHistory(
        await caller(req),
        req.params.agent,
        req.query,
      ),
    );
  });
  router.get('/v1/agents/:agent/access', async (req, res) => {
    res.json({
      items: await services.access.listForAgent(
        await caller(req),
        req.params.agent,
      ),
    });
  });
  router.post('/v1/agents/:agent/access/:access/pin', async (req, res) => {
    res.json(
      await services.access.pin(
        await caller(req),
        req.params.agent,
        req.params.access,
        req.body,
      ),
    );
  });
  router.post('/v1/agents/:agent/access/move', async (req, res) => {
    res.json(
      await services.access.moveRange(
        await caller(req),
        req.params.agent,
        req.body,
      ),
    );
  });

  router.get('/v1/agents/:agent/usage', async (req, res) => {
    res.json(
      await services.usage.forAgent(
        await caller(req),
        req.params.agent,
        req.query,
      ),
    );
  });

  router.post('/v1/agents/:agent/marketplace/publish', async (req, res) => {
    res.json(
      await services.marketplace.publish(
        await caller(req),
        req.params.agent,
        req.body,
      ),
    );
  });
  router.post('/v1/agents/:agent/marketplace/unpublish', async (req, res) => {
    res.json(
      await services.marketplace.unpublish(
        await caller(req),
        req.params.agent,
        req.body,
      ),
    );
  });
  router.get('/v1/my/agents', async (req, res) => {
    res.json({ items: await services.access.listMine(await caller(req)) });
  });

  router.post('/v1/catalog/adopt', async (req, res) => {
    res.json(await services.adoption.runFor(await caller(req)));
  });

  router.get('/v1/tenants', async (req, res) => {
    res.json(await services.tenants.list(await caller(req), req.query));
  });
  router.post('/v1/tenants', async (req, res) => {
    res
      .status(201)
      .json(await services.tenants.create(await caller(req), req.body));
  });
  router.get('/v1/tenants/:tenant', async (req, res) => {
    res.json(await services.tenants.get(await caller(req), req.params.tenant));
  });
  router.get('/v1/tenants/:tenant/projects', async (req, res) => {
    res.json({
      items: await services.tenants.listProjects(
        await caller(req),
        req.params.tenant,
      ),
    });
  });
  router.post('/v1/tenants/:tenant/projects', async (req, res) => {
    res
      .status(201)
      .json(
        await services.tenants.createProject(
          await caller(req),
          req.params.tenant,
          req.body,
        ),
      );
  });
  router.get('/v1/tenants/:tenant/members', async (req, res) => {
    res.json({
      items: await services.tenants.listMembers(
        await caller(req),
        req.params.tenant,
      ),
    });
  });
  router.post('/v1/tenants/:tenant/members', async (req, res) => {
    res.json({
      items: await services.tenants.addMember(
        await caller(req),
        req.params.tenant,
        req.body,
      ),
    });
  });
  router.get('/v1/tenants/:tenant/access', async (req, res) => {
    res.json({
      items: await services.access.listForTenant(
        await caller(req),
        req.params.tenant,
      ),
    });
  });
  router.post('/v1/tenants/:tenant/access', async (req, res) => {
    res
      .status(201)
      .json(
        await services.access.create(
          await caller(req),
          req.params.tenant,
          req.body,
        ),
      );
  });
  router.get('/v1/tenants/:tenant/access/:access', async (req, res) => {
    res.json(
      await services.access.get(
        await caller(req),
        req.params.tenant,
        req.params.access,
      ),
    );
  });

  router.post('/v1/tenants/:tenant/access/:access/state', async (req, res) => {
    res.json(
      await services.access.setState(
        await caller(req),
        req.params.tenant,
        req.params.access,
        req.body,
      ),
    );
  });
  router.get('/v1/tenants/:tenant/access/:access/keys', async (req, res) => {
    res.json({
      items: await services.keys.list(
        await caller(req),
        req.params.tenant,
        req.params.access,
      ),
    });
  });
  router.post('/v1/tenants/:tenant/access/:access/keys', async (req, res) => {
    res
      .status(201)
      .json(
        await services.keys.create(
          await caller(req),
          req.params.tenant,
          req.params.access,
          req.body,
        ),
      );
  });
  router.post('/v1/tenants/:tenant/keys/:key/rotate', async (req, res) => {
    res
      .status(201)
      .json(
        await services.keys.rotate(
          await caller(req),
          req.params.tenant,
          req.params.key,
          req.body,
        ),
      );
  });
  for (const action of ['revoke', 'pause', 'restore'] as const) {
    router.post(`/v1/tenants/:tenant/keys/:key/${action}`, async (req, res) => {
      res.json(
        await services.keys[action](
          await caller(req),
          req.params.tenant,
          req.params.key,
        ),
      );
    });
  }

  router.get('/v1/tenants/:tenant/wallet', async (req, res) => {
    res.json(await services.wallets.get(await caller(req), req.params.tenant));
  });
  router.put('/v1/tenants/:tenant/wallet/settings', async (req, res) => {
    res.json(
      await services.wallets.updateSettings(
        await caller(req),
        req.params.tenant,
        req.body,
      ),
    );
  });
  router.post('/v1/tenants/:tenant/wallet/topups', async (req, res) => {
    res.json(
      await services.wallets.topUp(
        await caller(req),
        req.params.tenant,
        req.body,
      ),
    );
  });
  router.get('/v1/tenants/:tenant/wallet/entries', async (req, res) => {
    res.json(
      await services.wallets.entries(
        await caller(req),
        req.params.tenant,
        req.query,
      ),
    );
  });
  router.get('/v1/tenants/:tenant/wallet/topup-requests', async (req, res) => {
    res.json({
      items: await services.wallets.topups(
        await caller(req),
        req.params.tenant,
      ),
    });
  });
  router.get('/v1/tenants/:tenant/usage', async (req, res) => {
    res.json(
      await services.usage.forTenant(
        await caller(req),
        req.params.tenant,
        req.query,
      ),
    );
  });

  // Key-authenticated entrances (opened to unauthenticated Backstage requests in plugin.ts).
  addGatewayRoutes(router, gatewayRoutes(services.gateway, options.ctx));

  router.get('/v1/tenants/:tenant/agents/:agent/config', async (req, res) => {
    res.json(
      await services.config.getOverlay(
        await caller(req),
        req.params.tenant,
        req.params.agent,
      ),
    );
  });
  router.put('/v1/tenants/:tenant/agents/:agent/config', async (req, res) => {
    res.json(
      await services.config.setOverlay(
        await caller(req),
        req.params.tenant,
        req.params.agent,
        req.body,
      ),
    );
  });
  router.get(
    '/v1/tenants/:tenant/agents/:agent/config/history',
    async (req, res) => {
      res.json(
        await services.config.overlayHistory(
          await caller(req),
          req.params.tenant,
          req.params.agent,
          req.query,
        ),
      );
    },
  );
  router.get(
    '/v1/tenants/:tenant/agents/:agent/config/effective',
    async (req, res) => {
      res.json(
        await services.config.effective(
          await caller(req),
          req.params.tenant,
          req.params.agent,
        ),
      );
    },
  );

  return router;
}
