import type { WaldurClient } from './client/WaldurClient';
import type { WaldurOffering } from './client/types';
import type { WaldurConfig } from './config';

const PROVIDER_ROLES = ['CUSTOMER.OWNER', 'CUSTOMER.MANAGER'];

/**
 * Who we are in Waldur: the provider organisation and the category our offerings go in
 * (looked up once, lazily, so that a Waldur outage at startup only delays them), and which
 * offerings are ours — those of the provider whose backend id carries our prefix. Other
 * offerings of the same organisation are never touched.
 */
export class WaldurProvider {
  private customerPromise?: Promise<{ uuid: string; url: string }>;
  private categoryPromise?: Promise<{ uuid: string; url: string }>;

  constructor(
    readonly client: WaldurClient,
    private readonly config: Pick<
      WaldurConfig,
      | 'providerCustomerUuid'
      | 'categoryUuid'
      | 'categoryName'
      | 'backendIdPrefix'
    >,
  ) {}

  /** Stable across publishes and registry restarts: how an agent's offering is found again. */
  offeringBackendId(agentId: string): string {
    return `${this.config.backendIdPrefix}:agent:${agentId}`;
  }

  /** The agent id in one of our offerings' backend id. */
  agentIdOf(offering: Pick<WaldurOffering, 'backend_id'>): string | undefined {
    const prefix = `${this.config.backendIdPrefix}:agent:`;
    const backendId = offering.backend_id ?? '';
    return backendId.startsWith(prefix)
      ? backendId.slice(prefix.length)
      : undefined;
  }

  isOurs(offering: Pick<WaldurOffering, 'backend_id'>): boolean {
    return this.agentIdOf(offering) !== undefined;
  }

  /** The provider organisation, configured or (if unambiguous) the one the token manages. */
  customer(): Promise<{ uuid: string; url: string }> {
    this.customerPromise ??= this.findCustomer();
    // Forget failures so that the next call asks again.
    this.customerPromise.catch(() => {
      this.customerPromise = undefined;
    });
    return this.customerPromise;
  }

  category(): Promise<{ uuid: string; url: string }> {
    this.categoryPromise ??= this.findCategory();
    this.categoryPromise.catch(() => {
      this.categoryPromise = undefined;
    });
    return this.categoryPromise;
  }

  /** Our offerings, in every state (archived ones may still have orders and usage). */
  async offerings(): Promise<WaldurOffering[]> {
    const { uuid } = await this.customer();
    const offerings = await this.client.listProviderOfferings({
      customer_uuid: uuid,
    });
    return offerings.filter(offering => this.isOurs(offering));
  }

  private async findCustomer() {
    const { client } = this;
    if (this.config.providerCustomerUuid) {
      const customer = await client.getCustomer(
        this.config.providerCustomerUuid,
      );
      return { uuid: customer.uuid!, url: customer.url! };
    }
    const me = await client.me();
    const managed = new Set(
      (me.permissions ?? [])
        .filter(
          p =>
            p.scope_type === 'customer' &&
            PROVIDER_ROLES.includes(p.role_name ?? ''),
        )
        .map(p => p.scope_uuid),
    );
    const providers = (await client.listServiceProviders()).filter(sp =>
      managed.has(sp.customer_uuid),
    );
    if (providers.length !== 1) {
      throw new Error(
        `Set agentRegistry.waldur.providerCustomerUuid: the Waldur user ${
          me.username
        } manages ${providers.length} service-provider organisations${
          providers.length
            ? ` (${providers.map(p => p.customer_uuid).join(', ')})`
            : ''
        }`,
      );
    }
    return {
      uuid: providers[0].customer_uuid!,
      url: client.url(`/api/customers/${providers[0].customer_uuid}/`),
    };
  }

  private async findCategory() {
    const { client } = this;
    if (this.config.categoryUuid) {
      const category = await client.getCategory(this.config.categoryUuid);
      return { uuid: category.uuid!, url: category.url! };
    }
    const title = this.config.categoryName!;
    const matches = (await client.listCategories({ title })).filter(
      category => category.title === title,
    );
    if (matches.length !== 1) {
      throw new Error(
        matches.length === 0
          ? `There is no Waldur marketplace category "${title}": create it, or set agentRegistry.waldur.categoryUuid or categoryName`
          : `${matches.length} Waldur categories are called "${title}"; set agentRegistry.waldur.categoryUuid`,
      );
    }
    return { uuid: matches[0].uuid!, url: matches[0].url! };
  }
}
