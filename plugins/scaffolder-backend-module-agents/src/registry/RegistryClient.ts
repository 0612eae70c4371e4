import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type {
  AgentPersona,
  AgentPlan,
  AgentType,
  AgentVersion,
  RegistryAgent,
} from '@cmp/plugin-agent-registry-common';

/** What the registry's `POST /v1/agents` takes (see its OpenAPI document). */
export type CreateAgentBody = {
  name: string;
  title?: string;
  description?: string;
  type: AgentType;
  lifecycle?: string;
  owner: string;
  system?: string;
  tags?: string[];
  plans?: AgentPlan[];
  flow: Record<string, unknown>;
  flowId?: string;
  version?: string;
  changelog?: string;
  publish?: boolean;
  config?: {
    persona?: AgentPersona;
    behaviour?: { temperature?: number; maxTokens?: number };
  };
};

/** A version as listed (lists leave the flow out). */
export type VersionSummary = Omit<AgentVersion, 'flow'>;

const STATUS_NAMES: Record<number, string> = {
  400: 'InputError',
  401: 'AuthenticationError',
  403: 'NotAllowedError',
  404: 'NotFoundError',
  409: 'ConflictError',
  503: 'ServiceUnavailableError',
};

/**
 * A refusal or failure of the registry, carrying its status and its own message (which
 * names the offending field), so a failed step tells the user what to fix.
 */
export class RegistryRequestError extends Error {
  constructor(
    readonly status: number,
    readonly registryMessage: string,
    what: string,
  ) {
    super(
      `${what}: ${registryMessage} (the Agent Registry answered ${status})`,
    );
    // Backstage maps errors to HTTP statuses by name (e.g. in dry runs): keep the registry's.
    this.name = STATUS_NAMES[status] ?? 'RegistryRequestError';
  }
}

/**
 * How the registry names an agent in its paths: an entity ref from an EntityPicker
 * (`agent:default/faq-bot`) becomes `faq-bot` (or `namespace:name`); anything without a
 * slash (a name, `namespace:name` or a registry id) is passed through.
 */
export function registryAgentRef(ref: string): string {
  const value = ref.trim();
  if (!value.includes('/')) return value;
  const parsed = parseEntityRef(value, {
    defaultKind: 'agent',
    defaultNamespace: 'default',
  });
  if (parsed.kind.toLocaleLowerCase('en-US') !== 'agent') {
    throw new InputError(
      `${ref} is not an Agent (expected agent:<namespace>/<name>)`,
    );
  }
  return parsed.namespace === 'default'
    ? parsed.name
    : `${parsed.namespace}:${parsed.name}`;
}

/** The registry's REST API (`/api/agent-registry/v1`), called on behalf of the task's user. */
export class RegistryClient {
  private token?: Promise<string>;

  constructor(
    private readonly options: {
      discovery: DiscoveryService;
      auth: AuthService;
      credentials: BackstageCredentials;
    },
  ) {}

  /** The agent, or undefined when it does not exist (or the user may not see it). */
  async findAgent(ref: string): Promise<RegistryAgent | undefined> {
    return this.request<RegistryAgent>(
      'GET',
      `/v1/agents/${encodeURIComponent(ref)}`,
      `Could not look up agent ${ref}`,
      { allowNotFound: true },
    );
  }

  async getAgent(ref: string): Promise<RegistryAgent> {
    return (await this.request<RegistryAgent>(
      'GET',
      `/v1/agents/${encodeURIComponent(ref)}`,
      `Could not read agent ${ref}`,
    ))!;
  }

  async createAgent(body: CreateAgentBody): Promise<RegistryAgent> {
    return (await this.request<RegistryAgent>(
      'POST',
      '/v1/agents',
      `Could not register agent ${body.name}`,
      { body },
    ))!;
  }

  async listVersions(ref: string): Promise<VersionSummary[]> {
    const page = await this.request<{ items: VersionSummary[] }>(
      'GET',
      `/v1/agents/${encodeURIComponent(ref)}/versions`,
      `Could not list the versions of ${ref}`,
    );
    return page!.items;
  }

  async createVersion(
    ref: string,
    body: {
      version: string;
      flow: Record<string, unknown>;
      changelog?: string;
    },
  ): Promise<VersionSummary> {
    return (await this.request<VersionSummary>(
      'POST',
      `/v1/agents/${encodeURIComponent(ref)}/versions`,
      `Could not create version ${body.version} of ${ref}`,
      { body },
    ))!;
  }

  async updateDraft(
    ref: string,
    version: string,
    body: { flow: Record<string, unknown>; changelog?: string },
  ): Promise<VersionSummary> {
    return (await this.request<VersionSummary>(
      'PUT',
      `/v1/agents/${encodeURIComponent(ref)}/versions/${encodeURIComponent(
        version,
      )}`,
      `Could not update draft ${version} of ${ref}`,
      { body },
    ))!;
  }

  async publishVersion(ref: string, version: string): Promise<VersionSummary> {
    return (await this.request<VersionSummary>(
      'POST',
      `/v1/agents/${encodeURIComponent(ref)}/versions/${encodeURIComponent(
        version,
      )}/publish`,
      `Could not publish version ${version} of ${ref}`,
    ))!;
  }

  async publishToMarketplace(
    ref: string,
    marketplace?: string,
  ): Promise<RegistryAgent> {
    return (await this.request<RegistryAgent>(
      'POST',
      `/v1/agents/${encodeURIComponent(ref)}/marketplace/publish`,
      `Could not put ${ref} on sale`,
      { body: marketplace ? { marketplace } : {} },
    ))!;
  }

  private async request<T>(
    method: string,
    path: string,
    what: string,
    options: { body?: unknown; allowNotFound?: boolean } = {},
  ): Promise<T | undefined> {
    const baseUrl = await this.options.discovery.getBaseUrl('agent-registry');
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${await this.getToken()}`,
        ...(options.body !== undefined && {
          'Content-Type': 'application/json',
        }),
      },
      body:
        options.body !== undefined ? JSON.stringify(options.body) : undefined,
    });
    if (res.status === 404 && options.allowNotFound) return undefined;
    if (!res.ok) {
      throw new RegistryRequestError(res.status, await errorMessage(res), what);
    }
    return (await res.json()) as T;
  }

  private getToken(): Promise<string> {
    // One token per action run, issued on behalf of the user who started the task.
    this.token ??= this.options.auth
      .getPluginRequestToken({
        onBehalfOf: this.options.credentials,
        targetPluginId: 'agent-registry',
      })
      .then(t => t.token);
    return this.token;
  }
}

/** Backstage's error body is `{ error: { name, message } }`; fall back to the raw text. */
async function errorMessage(res: Response): Promise<string> {
  const text = await res.text();
  try {
    const message = JSON.parse(text)?.error?.message;
    if (typeof message === 'string' && message) return message;
  } catch {
    // not JSON
  }
  return text.trim() || res.statusText;
}
