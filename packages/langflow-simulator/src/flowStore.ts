import { randomUUID } from 'node:crypto';
import { HttpError } from './errors';
import { describeFlow, type FlowShape } from './flowShape';
import { parseUuid } from './flowValidation';
import type { FlowData, FlowExport, FlowRead } from './types';

/*
 * The simulator's flow table. Langflow scopes flows per user; the simulator
 * has a single user that every API key belongs to.
 */

/** Owner of every flow (Langflow's `user_id`). */
export const SIMULATOR_USER_ID = '5f0e1c1a-6b7d-4c2e-9a3f-5e1d2c3b4a59';
/** The user's default project (Langflow's `folder_id`). */
export const DEFAULT_FOLDER_ID = '8c2d4e6f-1a3b-4c5d-8e7f-9a0b1c2d3e4f';

export interface StoredFlow {
  read: FlowRead;
  shape: FlowShape;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Langflow marks a flow as a webhook flow when a node id contains "Webhook". */
function hasWebhook(data: FlowData | null): boolean {
  const nodes: unknown[] = Array.isArray(data?.nodes) ? data.nodes : [];
  return nodes.some(
    node =>
      typeof (node as { id?: unknown })?.id === 'string' &&
      (node as { id: string }).id.includes('Webhook'),
  );
}

export class FlowStore {
  private readonly byId = new Map<string, StoredFlow>();
  private readonly byEndpoint = new Map<string, StoredFlow>();

  list(): StoredFlow[] {
    return [...this.byId.values()];
  }

  get(id: string): StoredFlow | undefined {
    const uuid = parseUuid(id);
    return uuid ? this.byId.get(uuid) : undefined;
  }

  /** Langflow's `get_flow_by_id_or_endpoint_name`: a UUID is only ever looked up as an id. */
  resolve(flowIdOrName: string): StoredFlow | undefined {
    const uuid = parseUuid(flowIdOrName);
    return uuid ? this.byId.get(uuid) : this.byEndpoint.get(flowIdOrName);
  }

  /**
   * `POST /api/v1/flows/` (Langflow's `_new_flow`): a taken name becomes
   * "Name (n)", a taken endpoint name "endpoint-n"; a taken id is a conflict.
   */
  create(flow: FlowExport, folderId?: string): FlowRead {
    const id = flow.id ? parseUuid(flow.id) : randomUUID();
    if (!id) {
      throw new TypeError(`Invalid flow id ${flow.id}`);
    }
    if (this.byId.has(id)) {
      throw new HttpError(400, 'Id must be unique');
    }
    const read = this.toRead(flow, {
      id,
      name: this.freeName(flow.name),
      endpoint_name: flow.endpoint_name
        ? this.freeEndpointName(flow.endpoint_name)
        : null,
      folder_id: folderId ?? flow.folder_id ?? DEFAULT_FOLDER_ID,
    });
    this.put(read);
    return read;
  }

  /**
   * `POST /api/v1/flows/upload/` semantics: a known id is updated in place
   * (409 if its new name or endpoint name belongs to another flow), anything
   * else is created like `create`.
   */
  upsert(flow: FlowExport, folderId?: string): FlowRead {
    const id = flow.id ? parseUuid(flow.id) : undefined;
    const existing = id ? this.byId.get(id) : undefined;
    if (!existing) {
      return this.create(flow, folderId);
    }
    const current = existing.read;
    for (const stored of this.byId.values()) {
      if (stored === existing) {
        continue;
      }
      if (flow.name && stored.read.name === flow.name) {
        throw new HttpError(409, 'Name must be unique');
      }
      if (
        flow.endpoint_name &&
        stored.read.endpoint_name === flow.endpoint_name
      ) {
        throw new HttpError(409, 'Endpoint name must be unique');
      }
    }
    // Only fields that are present and not null overwrite; an explicit
    // `endpoint_name: null` clears it (Langflow's `_update_existing_flow`).
    const defined = Object.fromEntries(
      Object.entries(flow).filter(
        ([, value]) => value !== undefined && value !== null,
      ),
    ) as Partial<FlowExport>;
    const read = this.toRead(
      { ...current, ...defined },
      {
        id: current.id,
        name: flow.name ?? current.name,
        endpoint_name:
          flow.endpoint_name === null
            ? null
            : flow.endpoint_name ?? current.endpoint_name,
        folder_id: folderId ?? flow.folder_id ?? current.folder_id,
      },
    );
    this.remove(current.id);
    this.put(read);
    return read;
  }

  remove(flowIdOrName: string): boolean {
    const stored = this.resolve(flowIdOrName);
    if (!stored) {
      return false;
    }
    this.byId.delete(stored.read.id);
    if (stored.read.endpoint_name) {
      this.byEndpoint.delete(stored.read.endpoint_name);
    }
    return true;
  }

  private put(read: FlowRead): void {
    // The store owns its copy: callers may reuse or mutate what they passed in.
    const owned = structuredClone(read);
    const stored = { read: owned, shape: describeFlow(owned.data) };
    this.byId.set(owned.id, stored);
    if (owned.endpoint_name) {
      this.byEndpoint.set(owned.endpoint_name, stored);
    }
  }

  private toRead(
    flow: FlowExport,
    fixed: Pick<FlowRead, 'id' | 'name' | 'endpoint_name' | 'folder_id'>,
  ): FlowRead {
    const data = flow.data ?? null;
    return {
      ...fixed,
      description: flow.description ?? null,
      icon: flow.icon ?? null,
      icon_bg_color: flow.icon_bg_color ?? null,
      gradient: flow.gradient ?? null,
      data,
      is_component: flow.is_component ?? false,
      updated_at: new Date().toISOString(),
      webhook: hasWebhook(data),
      tags: flow.tags ?? [],
      locked: flow.locked ?? false,
      // Flows created over the API are not exposed over MCP until enabled (doc 2.1).
      mcp_enabled: flow.mcp_enabled ?? false,
      action_name: flow.action_name ?? null,
      action_description: flow.action_description ?? null,
      access_type: flow.access_type ?? 'PRIVATE',
      user_id: SIMULATOR_USER_ID,
      fs_path: flow.fs_path ?? null,
    };
  }

  private freeName(name: string): string {
    const names = [...this.byId.values()].map(stored => stored.read.name);
    if (!names.includes(name)) {
      return name;
    }
    const copy = new RegExp(`^${escapeRegExp(name)} \\((\\d+)\\)$`);
    const numbers = names.flatMap(other => {
      const match = copy.exec(other);
      return match ? [Number(match[1])] : [];
    });
    return `${name} (${numbers.length ? Math.max(...numbers) + 1 : 1})`;
  }

  private freeEndpointName(endpointName: string): string {
    if (!this.byEndpoint.has(endpointName)) {
      return endpointName;
    }
    const numbers = [...this.byEndpoint.keys()]
      .filter(other => other.startsWith(`${endpointName}-`))
      .map(other => Number(other.split('-').pop()))
      .filter(Number.isInteger);
    return `${endpointName}-${numbers.length ? Math.max(...numbers) + 1 : 1}`;
  }
}
