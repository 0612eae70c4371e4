import type { ValidationIssue } from './errors';
import type { FlowExport } from './types';

/*
 * The checks Langflow's FlowCreate model makes (doc 2.1/2.2), reported as
 * pydantic 422 issues. Fields the simulator never reads are passed through
 * unchecked, as lenient as Langflow is with unknown fields.
 */

const ENDPOINT_NAME = /^[a-zA-Z0-9_-]+$/;

/** Python's `uuid.UUID()` parsing: optional `urn:uuid:`, braces and hyphens, 32 hex digits. */
export function parseUuid(value: string): string | undefined {
  const hex = value
    .replace(/^urn:/i, '')
    .replace(/^uuid:/i, '')
    .replace(/[{}-]/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) {
    return undefined;
  }
  const h = hex.toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(
    16,
    20,
  )}-${h.slice(20)}`;
}

export function uuidIssue(
  loc: Array<string | number>,
  input: unknown,
): ValidationIssue {
  return {
    type: 'uuid_parsing',
    loc,
    msg: 'Input should be a valid UUID',
    input,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function valueError(
  loc: Array<string | number>,
  message: string,
  input: unknown,
): ValidationIssue {
  return {
    type: 'value_error',
    loc,
    msg: `Value error, ${message}`,
    input,
    ctx: { error: {} },
  };
}

function optionalString(
  body: Record<string, unknown>,
  field: string,
  loc: Array<string | number>,
  issues: ValidationIssue[],
): void {
  const value = body[field];
  if (value !== undefined && value !== null && typeof value !== 'string') {
    issues.push({
      type: 'string_type',
      loc: [...loc, field],
      msg: 'Input should be a valid string',
      input: value,
    });
  }
}

/** Issues found in one flow object; `loc` is where it sits in the request. */
export function flowCreateIssues(
  body: unknown,
  loc: Array<string | number>,
): ValidationIssue[] {
  if (!isRecord(body)) {
    return [
      {
        type: 'model_attributes_type',
        loc,
        msg: 'Input should be a valid dictionary or object to extract fields from',
        input: body,
      },
    ];
  }
  const issues: ValidationIssue[] = [];
  if (body.name === undefined) {
    issues.push({
      type: 'missing',
      loc: [...loc, 'name'],
      msg: 'Field required',
      input: body,
    });
  } else if (typeof body.name !== 'string') {
    optionalString(body, 'name', loc, issues);
  }
  optionalString(body, 'description', loc, issues);
  optionalString(body, 'endpoint_name', loc, issues);
  if (
    typeof body.endpoint_name === 'string' &&
    !ENDPOINT_NAME.test(body.endpoint_name)
  ) {
    // Langflow's wording differs slightly; the rule (regex) is the same.
    issues.push(
      valueError(
        [...loc, 'endpoint_name'],
        'Endpoint name must contain only letters, numbers, hyphens, and underscores',
        body.endpoint_name,
      ),
    );
  }
  if (body.id !== undefined && body.id !== null) {
    if (typeof body.id !== 'string' || !parseUuid(body.id)) {
      issues.push(uuidIssue([...loc, 'id'], body.id));
    }
  }
  const data = body.data;
  if (data) {
    if (!isRecord(data)) {
      issues.push(
        valueError([...loc, 'data'], 'Flow must be a valid JSON', data),
      );
    } else if (!('nodes' in data)) {
      issues.push(valueError([...loc, 'data'], 'Flow must have nodes', data));
    } else if (!('edges' in data)) {
      issues.push(valueError([...loc, 'data'], 'Flow must have edges', data));
    }
  }
  return issues;
}

/** For the programmatic API: throws a readable error instead of a 422. */
export function assertFlowExport(flow: unknown): asserts flow is FlowExport {
  const issues = flowCreateIssues(flow, []);
  if (issues.length > 0) {
    const text = issues
      .map(issue => `${issue.loc.join('.') || '(flow)'}: ${issue.msg}`)
      .join('; ');
    throw new TypeError(`Invalid flow export: ${text}`);
  }
}
