import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { composeAnswer } from './answer';
import type { ApiKeyCheck, Caller } from './auth';
import type { Behaviour, FailureSpec } from './behaviour';
import {
  redactHeaders,
  type CallLog,
  type CallOutcome,
  type RecordedCall,
} from './callLog';
import { flowFailureDetail, flowIdentifierNotFound, HttpError } from './errors';
import type { FlowStore, StoredFlow } from './flowStore';
import { delay, queryFlag, readBody, sendError, sendJson } from './http';
import { messageTimestamp, runResponse, type RunContext } from './messages';
import {
  checkInputTweakClash,
  parseJsonBody,
  validateRunRequest,
} from './runRequest';
import {
  openStream,
  writeAnswer,
  writeFailure,
  writeUserMessage,
} from './streaming';
import type { RunRequest, TokenUsage } from './types';

export interface RunDeps {
  flows: FlowStore;
  auth: ApiKeyCheck;
  behaviour: Behaviour;
  calls: CallLog;
  onCall: ((call: RecordedCall) => void) | undefined;
}

/** What is known about a call when it is answered, for the call log. */
interface CallFacts {
  caller?: Caller;
  flow?: StoredFlow;
  body?: unknown;
  request?: RunRequest;
  answer?: string;
  usage?: TokenUsage | null;
  latencyMs?: number;
}

/** One run call in progress. */
interface CallScope {
  req: IncomingMessage;
  deps: RunDeps;
  flowIdOrName: string;
  query: URLSearchParams | undefined;
  stream: boolean;
  time: number;
  facts: CallFacts;
}

const OUTCOME_BY_STATUS: Record<number, CallOutcome> = {
  403: 'auth-error',
  404: 'not-found',
};

function record(scope: CallScope, status: number, outcome: CallOutcome): void {
  const { deps, req, facts, query } = scope;
  const seq = deps.calls.countRun(status);
  if (deps.calls.capacity === 0 && !deps.onCall) {
    return; // recording off: keep the benchmark path allocation-free
  }
  const queryCopy = Object.fromEntries(query ?? []);
  delete queryCopy['x-api-key'];
  const call: RecordedCall = {
    seq,
    time: scope.time,
    method: req.method ?? 'POST',
    path: `/api/v1/run/${scope.flowIdOrName}`,
    query: queryCopy,
    flowIdOrName: scope.flowIdOrName,
    flowId: facts.flow?.read.id ?? null,
    flowName: facts.flow?.read.name ?? null,
    stream: scope.stream,
    headers: redactHeaders(req.headers),
    authenticated: facts.caller !== undefined,
    apiKeyFingerprint: facts.caller?.apiKeyFingerprint ?? null,
    body: facts.body ?? null,
    tweaks: facts.request?.tweaks ?? null,
    sessionId: facts.request?.session_id ?? null,
    status,
    outcome,
    answer: facts.answer ?? null,
    usage: facts.usage ?? null,
    latencyMs: facts.latencyMs ?? 0,
  };
  deps.calls.record(call);
  deps.onCall?.(call);
}

function usageFor(
  behaviour: Behaviour,
  flow: StoredFlow,
  usage: TokenUsage,
): TokenUsage | null | undefined {
  if (behaviour.tokenUsage === 'absent') {
    return undefined;
  }
  // A flow without a model component has no provider to report usage.
  return behaviour.tokenUsage === 'reported' && flow.shape.modelNode
    ? usage
    : null;
}

/**
 * `POST /api/v1/run/{flow_id_or_name}[?stream=true]`. Errors come in
 * FastAPI's order: JSON syntax (422), auth (403), flow lookup (404), field
 * validation (422).
 */
export async function handleRun(
  req: IncomingMessage,
  res: ServerResponse,
  deps: RunDeps,
  flowIdOrName: string,
  query: URLSearchParams | undefined,
): Promise<void> {
  const facts: CallFacts = {};
  const scope: CallScope = {
    req,
    deps,
    flowIdOrName,
    query,
    stream: queryFlag(query, 'stream', false),
    time: Date.now(),
    facts,
  };
  let flow: StoredFlow;
  let request: RunRequest;
  try {
    const text = (await readBody(req)).toString('utf8');
    facts.body = text || null; // kept raw if it is not JSON
    const body = parseJsonBody(text);
    facts.body = body ?? null;
    facts.caller = deps.auth.check(
      req.headers['x-api-key'],
      query?.get('x-api-key'),
    );
    const found = deps.flows.resolve(flowIdOrName);
    if (!found) {
      throw flowIdentifierNotFound(flowIdOrName);
    }
    facts.flow = flow = found;
    facts.request = request = validateRunRequest(body);
  } catch (error) {
    if (!(error instanceof HttpError)) {
      throw error;
    }
    sendError(res, error);
    record(
      scope,
      error.status,
      OUTCOME_BY_STATUS[error.status] ?? 'invalid-request',
    );
    return;
  }
  await runFlow(res, scope, flow, request);
}

async function runFlow(
  res: ServerResponse,
  scope: CallScope,
  flow: StoredFlow,
  request: RunRequest,
): Promise<void> {
  const { facts, stream } = scope;
  const { behaviour } = scope.deps;

  // Checked by Langflow's simple_run_flow, i.e. inside the stream when streaming.
  try {
    checkInputTweakClash(request);
  } catch (error) {
    const clash = error as HttpError;
    if (stream) {
      openStream(res);
      writeFailure(res, clash.message);
      record(scope, 200, 'invalid-request');
    } else {
      sendError(res, clash);
      record(scope, clash.status, 'invalid-request');
    }
    return;
  }

  const failure: Required<FailureSpec> | undefined = flow.read.data
    ? behaviour.failureFor(flow.read.id, flow.read.endpoint_name)
    : { status: 500, message: `Flow ${flow.read.id} has no data` };
  const answer = composeAnswer(
    flow.read.name,
    flow.shape,
    request.input_value,
    request.tweaks,
  );
  const ctx: RunContext = {
    flowId: flow.read.id,
    // Langflow: `session_id or flow_id` — anonymous callers share the flow id.
    sessionId: request.session_id || flow.read.id,
    shape: flow.shape,
    request,
    answer,
    usage: usageFor(behaviour, flow, answer.usage),
    userMessageId: randomUUID(),
    aiMessageId: randomUUID(),
    timestamp: messageTimestamp(new Date(scope.time)),
  };
  const latencyMs = behaviour.nextLatency();
  facts.latencyMs = latencyMs;

  if (stream) {
    // Langflow sends headers and the user's message before the model answers.
    openStream(res);
    writeUserMessage(res, ctx);
  }
  if (latencyMs > 0) {
    await delay(latencyMs);
  }
  if (failure) {
    if (stream) {
      writeFailure(res, failure.message);
      record(scope, 200, 'simulated-failure');
    } else {
      sendJson(res, failure.status, {
        detail: flowFailureDetail(failure.message, failure.status),
      });
      record(scope, failure.status, 'simulated-failure');
    }
    return;
  }
  facts.answer = answer.text;
  facts.usage = ctx.usage ?? null;
  if (stream) {
    await writeAnswer(res, ctx, behaviour.streamChunkDelayMs);
  } else {
    sendJson(res, 200, runResponse(ctx));
  }
  record(scope, 200, 'success');
}
