import {
  HttpError,
  INPUT_TWEAK_CLASH_CHAT,
  INPUT_TWEAK_CLASH_TEXT,
  validationError,
  type ValidationIssue,
} from './errors';
import type { RunRequest } from './types';

/*
 * Parsing of the `/api/v1/run` body as Langflow's SimplifiedAPIRequest
 * (doc 1.3): every field optional, unknown fields ignored, wrong types are a
 * pydantic 422.
 */

const INPUT_TYPES = ['chat', 'text', 'any'];
const OUTPUT_TYPES = ['chat', 'text', 'any', 'debug'];

function quoteChoices(choices: string[]): string {
  const quoted = choices.map(choice => `'${choice}'`);
  return `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkString(
  body: Record<string, unknown>,
  field: string,
  nullable: boolean,
  issues: ValidationIssue[],
): void {
  const value = body[field];
  if (value === undefined || (nullable && value === null)) {
    return;
  }
  if (typeof value !== 'string') {
    issues.push({
      type: 'string_type',
      loc: ['body', field],
      msg: 'Input should be a valid string',
      input: value,
    });
  }
}

function checkChoice(
  body: Record<string, unknown>,
  field: string,
  choices: string[],
  issues: ValidationIssue[],
): void {
  const value = body[field];
  if (value === undefined || value === null) {
    return;
  }
  if (typeof value !== 'string' || !choices.includes(value)) {
    const expected = quoteChoices(choices);
    issues.push({
      type: 'literal_error',
      loc: ['body', field],
      msg: `Input should be ${expected}`,
      input: value,
      ctx: { expected },
    });
  }
}

/**
 * FastAPI decodes a JSON body before it runs any dependency, so a syntax
 * error is a 422 even for a caller without a valid key. An empty body is
 * `undefined` (all defaults).
 */
export function parseJsonBody(text: string): unknown {
  if (text.length === 0) {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    throw validationError([
      {
        type: 'json_invalid',
        loc: ['body', position ? Number(position[1]) : 0],
        msg: 'JSON decode error',
        input: {},
        ctx: { error: message },
      },
    ]);
  }
}

/** Field validation, which FastAPI reports after the auth and flow-lookup dependencies. */
export function validateRunRequest(body: unknown): RunRequest {
  if (body === undefined) {
    return {};
  }
  if (!isRecord(body)) {
    throw validationError([
      {
        type: 'model_attributes_type',
        loc: ['body'],
        msg: 'Input should be a valid dictionary or object to extract fields from',
        input: body,
      },
    ]);
  }
  const issues: ValidationIssue[] = [];
  checkString(body, 'input_value', true, issues);
  checkChoice(body, 'input_type', INPUT_TYPES, issues);
  checkChoice(body, 'output_type', OUTPUT_TYPES, issues);
  checkString(body, 'output_component', false, issues);
  checkString(body, 'session_id', true, issues);
  if (
    body.tweaks !== undefined &&
    body.tweaks !== null &&
    !isRecord(body.tweaks)
  ) {
    issues.push({
      type: 'dict_type',
      loc: ['body', 'tweaks'],
      msg: 'Input should be a valid dictionary',
      input: body.tweaks,
    });
  }
  if (issues.length > 0) {
    throw validationError(issues);
  }
  return body as RunRequest;
}

/**
 * Langflow refuses an `input_value` that would also arrive as a tweak of the
 * matching input component (400, doc 1.3). Keys are matched by substring, as
 * Langflow does, so `ChatInput-jFwUm` and `Chat Input` both count.
 */
export function checkInputTweakClash(request: RunRequest): void {
  if (typeof request.input_value !== 'string' || !request.tweaks) {
    return;
  }
  const inputType = request.input_type ?? 'chat';
  for (const [key, value] of Object.entries(request.tweaks)) {
    if (
      !isRecord(value) ||
      value.input_value === undefined ||
      value.input_value === null
    ) {
      continue;
    }
    if (inputType === 'chat' && /ChatInput|Chat Input/.test(key)) {
      throw new HttpError(400, INPUT_TWEAK_CLASH_CHAT);
    }
    if (inputType === 'text' && /TextInput|Text Input/.test(key)) {
      throw new HttpError(400, INPUT_TWEAK_CLASH_TEXT);
    }
  }
}
