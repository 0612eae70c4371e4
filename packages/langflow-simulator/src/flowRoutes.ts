import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { HttpError, validationError } from './errors';
import { parseJsonBody } from './runRequest';
import type { FlowStore } from './flowStore';
import { flowCreateIssues, parseUuid, uuidIssue } from './flowValidation';
import { queryFlag, readBody, sendJson, SIMULATOR_HEADER } from './http';
import type { FlowExport, FlowRead } from './types';

/*
 * Langflow's flow management endpoints (doc 2.2) that a registry needs to
 * push and check flows: create, upload (upsert), read one, list, delete.
 */

/** Reads and decodes a JSON body; FastAPI does this before running auth. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  return parseJsonBody((await readBody(req)).toString('utf8'));
}

function folderIdParam(query: URLSearchParams | undefined): string | undefined {
  const raw = query?.get('folder_id');
  if (!raw) {
    return undefined;
  }
  const folderId = parseUuid(raw);
  if (!folderId) {
    throw validationError([uuidIssue(['query', 'folder_id'], raw)]);
  }
  return folderId;
}

/** `POST /api/v1/flows/` → 201 FlowRead. */
export function createFlow(
  res: ServerResponse,
  flows: FlowStore,
  body: unknown,
): void {
  const issues = flowCreateIssues(body, ['body']);
  if (issues.length > 0) {
    throw validationError(issues);
  }
  sendJson(res, 201, flows.create(body as FlowExport));
}

/** The uploaded file's flows: a single flow object or `{"flows": [...]}`. */
function flowsInFile(data: unknown): FlowExport[] {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new HttpError(
      422,
      "Invalid JSON: expected an object with 'flows' or a single flow object",
    );
  }
  const record = data as Record<string, unknown>;
  let candidates: unknown[] = [data];
  if ('flows' in record) {
    if (!Array.isArray(record.flows)) {
      throw new HttpError(
        422,
        "Invalid JSON: 'flows' must be a list of flow objects",
      );
    }
    candidates = record.flows;
  }
  candidates.forEach((candidate, index) => {
    const issues = flowCreateIssues(candidate, ['flows', index]);
    if (issues.length > 0) {
      // Langflow answers str(ValidationError) here, a plain-text detail.
      throw new HttpError(
        422,
        issues.map(issue => `${issue.loc.join('.')}: ${issue.msg}`).join('\n'),
      );
    }
  });
  const flows = candidates as FlowExport[];
  const ids = flows.flatMap(flow => (flow.id ? [parseUuid(flow.id)] : []));
  if (new Set(ids).size !== ids.length) {
    throw new HttpError(
      422,
      'Invalid upload: duplicate flow IDs are not allowed',
    );
  }
  return flows;
}

/**
 * `POST /api/v1/flows/upload/?folder_id=` with multipart field `file`
 * → 201 list of FlowRead, upserting flows that carry a known id.
 * ZIP archives (accepted by Langflow) are not supported.
 */
export async function uploadFlows(
  req: IncomingMessage,
  res: ServerResponse,
  flows: FlowStore,
  query: URLSearchParams | undefined,
): Promise<void> {
  const folderId = folderIdParam(query);
  const raw = await readBody(req);
  const contentType = req.headers['content-type'] ?? '';
  let file: FormDataEntryValue | null = null;
  if (contentType.startsWith('multipart/form-data')) {
    const form = await new Response(raw, {
      headers: { 'content-type': contentType },
    })
      .formData()
      .catch(() => undefined);
    file = form?.get('file') ?? null;
  }
  if (!file || typeof file === 'string') {
    throw new HttpError(400, 'No file provided');
  }
  const bytes = Buffer.from(await file.arrayBuffer());
  if (bytes.length === 0) {
    throw new HttpError(400, 'The uploaded file is empty');
  }
  if (bytes.subarray(0, 4).toString('latin1') === 'PK\u0003\u0004') {
    throw new HttpError(
      400,
      'ZIP uploads are not supported by langflow-simulator',
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new HttpError(400, `Invalid JSON file: ${(error as Error).message}`);
  }
  const stored: FlowRead[] = flowsInFile(data).map(flow =>
    flows.upsert(flow, folderId),
  );
  sendJson(res, 201, stored);
}

/** Langflow gzips flow lists (`compress_response`, doc 1.7) whatever the client asked. */
function sendGzippedJson(res: ServerResponse, body: unknown): void {
  const payload = gzipSync(JSON.stringify(body));
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-encoding': 'gzip',
    'content-length': payload.length,
    [SIMULATOR_HEADER]: '1',
  });
  res.end(payload);
}

function positiveInt(
  query: URLSearchParams | undefined,
  name: string,
  fallback: number,
): number {
  const raw = query?.get(name);
  if (raw === null || raw === undefined) {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw validationError([
      {
        type: 'greater_than_equal',
        loc: ['query', name],
        msg: 'Input should be greater than or equal to 1',
        input: raw,
        ctx: { ge: 1 },
      },
    ]);
  }
  return value;
}

/**
 * `GET /api/v1/flows/?get_all=true|false&components_only=&page=&size=`:
 * a plain list by default, a page `{items,total,page,size,pages}` with
 * `get_all=false`. `header_flows` and `remove_example_flows` are ignored
 * (the simulator has no starter projects).
 */
export function listFlows(
  res: ServerResponse,
  flows: FlowStore,
  query: URLSearchParams | undefined,
): void {
  let items = flows.list().map(stored => stored.read);
  if (queryFlag(query, 'components_only', false)) {
    items = items.filter(flow => flow.is_component);
  }
  if (queryFlag(query, 'get_all', true)) {
    sendGzippedJson(res, items);
    return;
  }
  const folderId = folderIdParam(query);
  if (folderId) {
    items = items.filter(flow => flow.folder_id === folderId);
  }
  const page = positiveInt(query, 'page', 1);
  const size = positiveInt(query, 'size', 50);
  sendJson(res, 200, {
    items: items.slice((page - 1) * size, page * size),
    total: items.length,
    page,
    size,
    pages: Math.ceil(items.length / size),
  });
}

function storedFlow(flows: FlowStore, flowId: string) {
  if (!parseUuid(flowId)) {
    throw validationError([uuidIssue(['path', 'flow_id'], flowId)]);
  }
  const stored = flows.get(flowId);
  if (!stored) {
    throw new HttpError(404, 'Flow not found');
  }
  return stored;
}

/** `GET /api/v1/flows/{flow_id}` → FlowRead, 404 `Flow not found`. */
export function readFlow(
  res: ServerResponse,
  flows: FlowStore,
  flowId: string,
): void {
  sendJson(res, 200, storedFlow(flows, flowId).read);
}

/** `DELETE /api/v1/flows/{flow_id}`. */
export function deleteFlow(
  res: ServerResponse,
  flows: FlowStore,
  flowId: string,
): void {
  flows.remove(storedFlow(flows, flowId).read.id);
  sendJson(res, 200, { message: 'Flow deleted successfully' });
}
