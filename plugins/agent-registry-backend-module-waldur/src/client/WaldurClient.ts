import type { LoggerService } from '@backstage/backend-plugin-api';
import createClient, { type Client } from 'openapi-fetch';
import {
  formatWaldurError,
  WaldurApiError,
  WaldurUnavailableError,
} from './errors';
import { parseLinkHeader, queryOfUrl } from './paging';
import {
  createRetryingFetch,
  DEFAULT_RETRY_POLICY,
  isRetryableStatus,
  type RetryPolicy,
} from './retry';
import type {
  ListQuery,
  WaldurCategory,
  WaldurComponentRequest,
  WaldurComponentUsage,
  WaldurCustomer,
  WaldurOffering,
  WaldurOfferingCreate,
  WaldurOfferingOptions,
  WaldurOrder,
  WaldurOverviewUpdate,
  WaldurPaths,
  WaldurPlan,
  WaldurPlanCreate,
  WaldurProject,
  WaldurReportSection,
  WaldurResource,
  WaldurServiceProvider,
  WaldurUsageReport,
  WaldurUser,
} from './types';

export type WaldurClientOptions = {
  /** Waldur's base URL, e.g. https://waldur.example.com (the API is under /api/). */
  url: string;
  /** The integration user's API token (sent as `Authorization: Token <token>`). */
  token: string;
  /** Per try (default 30 s). */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Page size for lists (Waldur's maximum is 300). */
  pageSize?: number;
  logger?: LoggerService;
  fetch?: typeof fetch;
};

/** A guard against a `Link` header that never ends. */
const MAX_PAGES = 1000;

type Result<T> = { data?: T; error?: unknown; response: Response };

export type OfferingAction =
  | 'activate'
  | 'pause'
  | 'unpause'
  | 'archive'
  | 'draft';

export type ProviderOrderAction =
  | 'approve_by_provider'
  | 'set_state_done'
  | 'set_state_executing';

/**
 * The Waldur Mastermind REST API as this module uses it, typed by the generated OpenAPI
 * types. Every call sends the integration token, retries transient failures (see
 * retry.ts) and turns Waldur's answers into {@link WaldurApiError} (4xx) or
 * {@link WaldurUnavailableError} (unreachable, 5xx, 429); lists follow `Link: rel="next"`.
 */
export class WaldurClient {
  readonly baseUrl: string;
  private readonly api: Client<WaldurPaths>;
  private readonly pageSize: number;

  constructor(options: WaldurClientOptions) {
    this.baseUrl = options.url.replace(/\/+$/, '');
    this.pageSize = Math.min(300, Math.max(1, options.pageSize ?? 100));
    const logger = options.logger;
    this.api = createClient<WaldurPaths>({
      baseUrl: this.baseUrl,
      headers: { Authorization: `Token ${options.token}` },
      fetch: createRetryingFetch({
        policy: {
          ...DEFAULT_RETRY_POLICY,
          ...Object.fromEntries(
            Object.entries(options.retry ?? {}).filter(
              ([, value]) => value !== undefined,
            ),
          ),
        },
        timeoutMs: options.timeoutMs ?? 30_000,
        fetch: options.fetch,
        onRetry: ({ request, attempt, reason }) =>
          logger?.debug(
            `Waldur ${request.method} ${
              new URL(request.url).pathname
            } failed (${reason}), try ${attempt + 1} follows`,
          ),
      }),
    });
  }

  /** Returns the body of a successful answer; throws the mapped error otherwise. */
  private async unwrap<T>(
    method: string,
    call: Promise<Result<T>>,
  ): Promise<{ data: T; response: Response }> {
    const { data, error, response } = await call;
    if (response.ok) return { data: data as T, response };
    const path = new URL(response.url).pathname;
    if (isRetryableStatus(response.status)) {
      throw new WaldurUnavailableError(
        method,
        path,
        response.status,
        formatWaldurError(error, response.status),
      );
    }
    throw new WaldurApiError(method, path, response.status, error);
  }

  private async get<T>(call: Promise<Result<T>>): Promise<T> {
    return (await this.unwrap('GET', call)).data;
  }

  private async post<T>(call: Promise<Result<T>>): Promise<T> {
    return (await this.unwrap('POST', call)).data;
  }

  /** Every item of a list endpoint, page by page along the `Link` header. */
  private async listAll<T>(path: keyof WaldurPaths, query: object = {}) {
    const items: T[] = [];
    let pageQuery: object = { page_size: this.pageSize, ...query };
    for (let page = 0; page < MAX_PAGES; page++) {
      const { data, response } = await this.unwrap<T[]>(
        'GET',
        (this.api as any).GET(path, { params: { query: pageQuery } }),
      );
      items.push(...(data ?? []));
      const next = parseLinkHeader(response.headers.get('Link')).next;
      if (!next) return items;
      pageQuery = queryOfUrl(next);
    }
    throw new Error(`Waldur GET ${path} has more than ${MAX_PAGES} pages`);
  }

  /** Absolute API URLs, as Waldur expects relations to be written. */
  url(path: string): string {
    return `${this.baseUrl}${path}`;
  }

  // --- users and structure -------------------------------------------------------------

  /** The caller (or, with `token`, the user holding that token). */
  async me(token?: string): Promise<WaldurUser> {
    return this.get(
      this.api.GET('/api/users/me/', {
        headers: token ? { Authorization: `Token ${token}` } : undefined,
      }),
    );
  }

  getCustomer(uuid: string): Promise<WaldurCustomer> {
    return this.get(
      this.api.GET('/api/customers/{uuid}/', { params: { path: { uuid } } }),
    );
  }

  getProject(uuid: string): Promise<WaldurProject> {
    return this.get(
      this.api.GET('/api/projects/{uuid}/', { params: { path: { uuid } } }),
    );
  }

  listServiceProviders(
    query: ListQuery<'/api/marketplace-service-providers/'> = {},
  ): Promise<WaldurServiceProvider[]> {
    return this.listAll('/api/marketplace-service-providers/', query);
  }

  listCategories(
    query: ListQuery<'/api/marketplace-categories/'> = {},
  ): Promise<WaldurCategory[]> {
    return this.listAll('/api/marketplace-categories/', query);
  }

  getCategory(uuid: string): Promise<WaldurCategory> {
    return this.get(
      this.api.GET('/api/marketplace-categories/{uuid}/', {
        params: { path: { uuid } },
      }),
    );
  }

  // --- offerings and plans -------------------------------------------------------------

  listProviderOfferings(
    query: ListQuery<'/api/marketplace-provider-offerings/'> = {},
  ): Promise<WaldurOffering[]> {
    return this.listAll('/api/marketplace-provider-offerings/', query);
  }

  getProviderOffering(uuid: string): Promise<WaldurOffering> {
    return this.get(
      this.api.GET('/api/marketplace-provider-offerings/{uuid}/', {
        params: { path: { uuid } },
      }),
    );
  }

  createOffering(body: WaldurOfferingCreate): Promise<WaldurOffering> {
    return this.post(
      this.api.POST('/api/marketplace-provider-offerings/', { body }),
    );
  }

  async offeringAction(
    uuid: string,
    action: OfferingAction,
    body?: { paused_reason?: string },
  ): Promise<void> {
    const params = { params: { path: { uuid } } };
    const api = this.api;
    const calls: Record<OfferingAction, () => Promise<Result<unknown>>> = {
      activate: () =>
        api.POST(
          '/api/marketplace-provider-offerings/{uuid}/activate/',
          params,
        ),
      pause: () =>
        api.POST('/api/marketplace-provider-offerings/{uuid}/pause/', {
          ...params,
          body: body ?? {},
        }),
      unpause: () =>
        api.POST('/api/marketplace-provider-offerings/{uuid}/unpause/', params),
      archive: () =>
        api.POST('/api/marketplace-provider-offerings/{uuid}/archive/', params),
      draft: () =>
        api.POST('/api/marketplace-provider-offerings/{uuid}/draft/', params),
    };
    await this.post(calls[action]());
  }

  async updateOfferingOverview(
    uuid: string,
    body: WaldurOverviewUpdate,
  ): Promise<void> {
    await this.post(
      this.api.POST(
        '/api/marketplace-provider-offerings/{uuid}/update_overview/',
        { params: { path: { uuid } }, body },
      ),
    );
  }

  async updateOfferingCategory(uuid: string, category: string): Promise<void> {
    await this.post(
      this.api.POST(
        '/api/marketplace-provider-offerings/{uuid}/update_description/',
        { params: { path: { uuid } }, body: { category } },
      ),
    );
  }

  async updateOfferingOptions(
    uuid: string,
    options: WaldurOfferingOptions,
  ): Promise<void> {
    await this.post(
      this.api.POST(
        '/api/marketplace-provider-offerings/{uuid}/update_options/',
        { params: { path: { uuid } }, body: { options } },
      ),
    );
  }

  async updateOfferingBackendId(uuid: string, backendId: string) {
    await this.post(
      this.api.POST(
        '/api/marketplace-provider-offerings/{uuid}/update_integration/',
        { params: { path: { uuid } }, body: { backend_id: backendId } },
      ),
    );
  }

  async createOfferingComponent(
    uuid: string,
    body: WaldurComponentRequest,
  ): Promise<void> {
    await this.post(
      this.api.POST(
        '/api/marketplace-provider-offerings/{uuid}/create_offering_component/',
        { params: { path: { uuid } }, body },
      ),
    );
  }

  async updateOfferingComponent(
    uuid: string,
    body: WaldurComponentRequest & { uuid: string },
  ): Promise<void> {
    await this.post(
      this.api.POST(
        '/api/marketplace-provider-offerings/{uuid}/update_offering_component/',
        { params: { path: { uuid } }, body },
      ),
    );
  }

  listPlans(offeringUuid: string): Promise<WaldurPlan[]> {
    return this.listAll('/api/marketplace-plans/', {
      offering_uuid: offeringUuid,
    });
  }

  createPlan(body: WaldurPlanCreate): Promise<WaldurPlan> {
    return this.post(this.api.POST('/api/marketplace-plans/', { body }));
  }

  async updatePlan(
    uuid: string,
    body: Partial<Omit<WaldurPlanCreate, 'offering'>>,
  ): Promise<void> {
    await this.unwrap(
      'PATCH',
      this.api.PATCH('/api/marketplace-plans/{uuid}/', {
        params: { path: { uuid } },
        body,
      }),
    );
  }

  async archivePlan(uuid: string): Promise<void> {
    await this.post(
      this.api.POST('/api/marketplace-plans/{uuid}/archive/', {
        params: { path: { uuid } },
      }),
    );
  }

  async updatePlanPrices(
    uuid: string,
    prices: Record<string, string>,
  ): Promise<void> {
    await this.post(
      this.api.POST('/api/marketplace-plans/{uuid}/update_prices/', {
        params: { path: { uuid } },
        body: { prices },
      }),
    );
  }

  async updatePlanQuotas(
    uuid: string,
    quotas: Record<string, number>,
  ): Promise<void> {
    await this.post(
      this.api.POST('/api/marketplace-plans/{uuid}/update_quotas/', {
        params: { path: { uuid } },
        body: { quotas },
      }),
    );
  }

  // --- orders and resources ------------------------------------------------------------

  listOrders(
    query: ListQuery<'/api/marketplace-orders/'>,
  ): Promise<WaldurOrder[]> {
    return this.listAll('/api/marketplace-orders/', query);
  }

  getOrder(uuid: string): Promise<WaldurOrder> {
    return this.get(
      this.api.GET('/api/marketplace-orders/{uuid}/', {
        params: { path: { uuid } },
      }),
    );
  }

  async orderAction(uuid: string, action: ProviderOrderAction): Promise<void> {
    const params = { params: { path: { uuid } } };
    const api = this.api;
    const calls: Record<ProviderOrderAction, () => Promise<Result<unknown>>> = {
      approve_by_provider: () =>
        api.POST('/api/marketplace-orders/{uuid}/approve_by_provider/', {
          ...params,
          body: {},
        }),
      set_state_done: () =>
        api.POST('/api/marketplace-orders/{uuid}/set_state_done/', params),
      set_state_executing: () =>
        api.POST('/api/marketplace-orders/{uuid}/set_state_executing/', params),
    };
    await this.post(calls[action]());
  }

  async rejectOrder(uuid: string, comment: string): Promise<void> {
    await this.post(
      this.api.POST('/api/marketplace-orders/{uuid}/reject_by_provider/', {
        params: { path: { uuid } },
        body: { provider_rejection_comment: comment },
      }),
    );
  }

  async setOrderErred(
    uuid: string,
    error: { message: string; traceback?: string },
  ): Promise<void> {
    await this.post(
      this.api.POST('/api/marketplace-orders/{uuid}/set_state_erred/', {
        params: { path: { uuid } },
        body: {
          error_message: error.message,
          error_traceback: error.traceback ?? '',
        },
      }),
    );
  }

  listProviderResources(
    query: ListQuery<'/api/marketplace-provider-resources/'>,
  ): Promise<WaldurResource[]> {
    return this.listAll('/api/marketplace-provider-resources/', query);
  }

  getProviderResource(uuid: string): Promise<WaldurResource> {
    return this.get(
      this.api.GET('/api/marketplace-provider-resources/{uuid}/', {
        params: { path: { uuid } },
      }),
    );
  }

  async setResourceBackendId(uuid: string, backendId: string): Promise<void> {
    await this.post(
      this.api.POST(
        '/api/marketplace-provider-resources/{uuid}/set_backend_id/',
        { params: { path: { uuid } }, body: { backend_id: backendId } },
      ),
    );
  }

  async submitResourceReport(
    uuid: string,
    report: WaldurReportSection[],
  ): Promise<void> {
    await this.post(
      this.api.POST(
        '/api/marketplace-provider-resources/{uuid}/submit_report/',
        { params: { path: { uuid } }, body: { report } },
      ),
    );
  }

  // --- usage ---------------------------------------------------------------------------

  listComponentUsages(
    query: ListQuery<'/api/marketplace-component-usages/'>,
  ): Promise<WaldurComponentUsage[]> {
    return this.listAll('/api/marketplace-component-usages/', query);
  }

  /** Overwrites the month's value per component (201, no body). */
  async setUsage(body: WaldurUsageReport): Promise<void> {
    await this.post(
      this.api.POST('/api/marketplace-component-usages/set_usage/', { body }),
    );
  }
}
