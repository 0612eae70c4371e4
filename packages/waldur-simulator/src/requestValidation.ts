import type { ErrorObject } from 'ajv';
import { openApiDocument, requestSchema, requestValidator } from './openapi';

/**
 * Request body validation with Django REST framework's error shape:
 * `{"field": ["message"]}`, nested for nested serializers, and
 * `{"non_field_errors": [...]}` when the body itself is wrong.
 */

export type DrfErrors = Record<string, unknown>;

function pythonType(value: unknown): string {
  if (value === null) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  switch (typeof value) {
    case 'string':
      return 'str';
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isInteger(value) ? 'int' : 'float';
    default:
      return 'dict';
  }
}

function valueAt(root: unknown, segments: string[]): unknown {
  let current = root;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function decimalMessage(value: unknown, pattern: string): string {
  const places = /\\\.\\d\{0,(\d+)\}/.exec(pattern)?.[1];
  const text = String(value);
  if (!/^-?\d*(?:\.\d*)?$/.test(text)) return 'A valid number is required.';
  const fraction = text.split('.')[1] ?? '';
  if (places !== undefined && fraction.length > Number(places)) {
    return `Ensure that there are no more than ${places} decimal places.`;
  }
  return 'Ensure that there are no more digits than allowed.';
}

/** DRF's wording for the failure ajv reports; undefined means "skip". */
function messageFor(error: ErrorObject, value: unknown): string | undefined {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return 'This field is required.';
    case 'type': {
      if (value === null) return 'This field may not be null.';
      switch (params.type) {
        case 'string':
          return 'Not a valid string.';
        case 'integer':
          return 'A valid integer is required.';
        case 'number':
          return 'A valid number is required.';
        case 'boolean':
          return 'Must be a valid boolean.';
        case 'array':
          return `Expected a list of items but got type "${pythonType(
            value,
          )}".`;
        case 'object':
          return `Expected a dictionary of items but got type "${pythonType(
            value,
          )}".`;
        default:
          return undefined;
      }
    }
    case 'enum':
      return value === null
        ? 'This field may not be null.'
        : `"${String(value)}" is not a valid choice.`;
    case 'maxLength':
      return `Ensure this field has no more than ${params.limit} characters.`;
    case 'minLength':
      return value === ''
        ? 'This field may not be blank.'
        : `Ensure this field has at least ${params.limit} characters.`;
    case 'minimum':
      return `Ensure this value is greater than or equal to ${params.limit}.`;
    case 'maximum':
      return `Ensure this value is less than or equal to ${params.limit}.`;
    case 'minItems':
      return 'This list may not be empty.';
    case 'format':
      switch (params.format) {
        case 'uri':
          return 'Enter a valid URL.';
        case 'email':
          return 'Enter a valid email address.';
        case 'uuid':
          return 'Must be a valid UUID.';
        case 'date-time':
          return 'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].';
        case 'date':
          return 'Date has wrong format. Use one of these formats instead: YYYY-MM-DD.';
        case 'decimal':
          return 'A valid number is required.';
        default:
          return 'Enter a valid value.';
      }
    case 'pattern':
      return error.parentSchema?.format === 'decimal'
        ? decimalMessage(value, String(params.pattern))
        : 'Enter a valid value.';
    default:
      // anyOf/oneOf wrappers repeat what their branches already reported.
      return undefined;
  }
}

function decodePointer(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map(part => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Puts a message at a path, shaping lists of objects like DRF's ListSerializer. */
function place(
  target: Record<string, unknown>,
  segments: string[],
  message: string,
  body: unknown,
): void {
  let node: Record<string, unknown> = target;
  for (let i = 0; i < segments.length - 1; i++) {
    const segment = segments[i];
    const container = valueAt(body, segments.slice(0, i + 1));
    const nextIsIndex = /^\d+$/.test(segments[i + 1]);
    if (nextIsIndex && Array.isArray(container)) {
      const items = container as unknown[];
      const objects = items.every(
        item => typeof item === 'object' && item !== null,
      );
      if (objects) {
        const list =
          (node[segment] as Record<string, unknown>[] | undefined) ??
          items.map(() => ({}));
        node[segment] = list;
        node = list[Number(segments[i + 1])];
        i++;
        continue;
      }
    }
    const child = (node[segment] as Record<string, unknown> | undefined) ?? {};
    node[segment] = child;
    node = child;
  }
  const leaf = segments[segments.length - 1];
  const messages = (node[leaf] as string[] | undefined) ?? [];
  if (messages.length === 0) node[leaf] = [message];
}

function drfErrors(errors: ErrorObject[], body: unknown): DrfErrors {
  const result: DrfErrors = {};
  for (const error of errors) {
    const segments = decodePointer(error.instancePath);
    if (error.keyword === 'required') {
      segments.push(
        String((error.params as { missingProperty: string }).missingProperty),
      );
    }
    const value =
      error.keyword === 'required' ? undefined : valueAt(body, segments);
    const message = messageFor(error, value);
    if (!message) continue;
    if (segments.length === 0) {
      result.non_field_errors = [
        `Invalid data. Expected a dictionary, but got ${pythonType(body)}.`,
      ];
      continue;
    }
    place(result, segments, message, body);
  }
  if (Object.keys(result).length === 0 && errors.length > 0) {
    result.non_field_errors = ['Invalid data.'];
  }
  return result;
}

/** Validates a request body; returns DRF-shaped errors or undefined when valid. */
export function validateRequestBody(
  method: string,
  path: string,
  body: unknown,
): DrfErrors | undefined {
  const validate = requestValidator(method, path);
  if (!validate || validate(body)) return undefined;
  return drfErrors(validate.errors ?? [], body);
}

type Json = Record<string, unknown>;

function resolveSchema(schema: Json | undefined): Json | undefined {
  let current = schema;
  for (let depth = 0; current && depth < 10; depth++) {
    if (typeof current.$ref === 'string') {
      const name = current.$ref.split('/').pop() as string;
      current = openApiDocument().components.schemas[name];
    } else if (Array.isArray(current.allOf) && current.allOf.length === 1) {
      current = current.allOf[0] as Json;
    } else {
      return current;
    }
  }
  return current;
}

function pick(schema: Json | undefined, value: unknown): unknown {
  const resolved = resolveSchema(schema);
  if (!resolved || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    return resolved.items
      ? value.map(item => pick(resolved.items as Json, item))
      : value;
  }
  const input = value as Json;
  if (resolved.properties) {
    const properties = resolved.properties as Record<string, Json>;
    const output: Json = {};
    for (const [key, item] of Object.entries(input)) {
      const property = properties[key];
      if (property && property.readOnly !== true) {
        output[key] = pick(property, item);
      }
    }
    return output;
  }
  if (
    resolved.additionalProperties &&
    typeof resolved.additionalProperties === 'object'
  ) {
    const output: Json = {};
    for (const [key, item] of Object.entries(input)) {
      output[key] = pick(resolved.additionalProperties as Json, item);
    }
    return output;
  }
  return value;
}

/**
 * Drops properties the request schema does not declare, recursively, as DRF
 * serializers ignore unknown input fields.
 */
export function pickDeclared(method: string, path: string, body: Json): Json {
  return pick(requestSchema(method, path), body) as Json;
}
