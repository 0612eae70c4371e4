import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv, { ValidateFunction, ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { load } from 'js-yaml';

/**
 * Loads the trimmed Waldur 8.0.5 OpenAPI schema shipped in this package and
 * turns its OpenAPI 3.0.3 schemas into JSON Schema that ajv understands:
 * `nullable` becomes a null alternative, readOnly properties disappear from
 * request schemas and writeOnly ones from response schemas, and response
 * objects reject undeclared properties so the simulator cannot invent fields.
 */

// src/ (when run from source) and dist/ (when built) are both one level
// below the package root, so __dirname finds the schema either way.
export const OPENAPI_FILE = resolve(
  // eslint-disable-next-line no-restricted-syntax
  __dirname,
  '../openapi/waldur-openapi-subset.yaml',
);

type Json = Record<string, unknown>;
type Direction = 'request' | 'response';

interface RawOperation {
  operationId: string;
  requestBody?: { content?: Record<string, { schema?: Json }> };
  responses: Record<string, { content?: Record<string, { schema?: Json }> }>;
}

interface RawDocument {
  paths: Record<string, Record<string, RawOperation>>;
  components: { schemas: Record<string, Json> };
}

/**
 * Places where the 8.0.5 schema disagrees with what Waldur actually sends.
 * ComponentUsage.usage is a DecimalField(20, 2) rendered as a string; the
 * schema generator typed it as integer (see waldur.md §2, "Decimals").
 */
const SCHEMA_ERRATA: Record<string, Record<string, Json>> = {
  ComponentUsage: {
    usage: {
      type: 'string',
      format: 'decimal',
      pattern: '^-?\\d{0,18}(?:\\.\\d{0,2})?$',
      readOnly: true,
    },
  },
};

let documentCache: RawDocument | undefined;

export function openApiDocument(): RawDocument {
  if (!documentCache) {
    const parsed = load(readFileSync(OPENAPI_FILE, 'utf8')) as RawDocument;
    for (const [name, overrides] of Object.entries(SCHEMA_ERRATA)) {
      const properties = parsed.components.schemas[name].properties as Json;
      Object.assign(properties, overrides);
    }
    documentCache = parsed;
  }
  return documentCache;
}

export function findOperation(
  method: string,
  path: string,
): RawOperation | undefined {
  return openApiDocument().paths[path]?.[method.toLowerCase()];
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const SCHEMA_REF = '#/components/schemas/';

function makeNullable(schema: Json): Json {
  if (typeof schema.type === 'string' && !schema.$ref) {
    const enumValues = schema.enum as unknown[] | undefined;
    return {
      ...schema,
      type: [schema.type, 'null'],
      ...(enumValues ? { enum: [...enumValues, null] } : {}),
    };
  }
  return { anyOf: [schema, { type: 'null' }] };
}

/** Converts one OpenAPI schema node to JSON Schema for the given direction. */
function convert(node: unknown, direction: Direction): unknown {
  if (Array.isArray(node)) return node.map(item => convert(item, direction));
  if (!isObject(node)) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'nullable' || key === 'example' || key.startsWith('x-')) {
      continue;
    }
    if (
      key === '$ref' &&
      typeof value === 'string' &&
      value.startsWith(SCHEMA_REF)
    ) {
      out.$ref = `${direction}.json#/definitions/${value.slice(
        SCHEMA_REF.length,
      )}`;
    } else if (key === 'properties' && isObject(value)) {
      const hidden = direction === 'request' ? 'readOnly' : 'writeOnly';
      const properties: Json = {};
      for (const [name, property] of Object.entries(value)) {
        if (isObject(property) && property[hidden] === true) continue;
        properties[name] = convert(property, direction);
      }
      out.properties = properties;
    } else if (key !== 'required') {
      out[key] = convert(value, direction);
    }
  }
  if (isObject(out.properties)) {
    const declared = out.properties;
    const required = (node.required as string[] | undefined) ?? [];
    out.required = required.filter(name => name in declared);
    if (direction === 'response' && !('additionalProperties' in node)) {
      out.additionalProperties = false;
    }
  }
  // DRF accepts JSON numbers for DecimalFields although the schema says string.
  if (direction === 'request' && node.format === 'decimal') {
    return { anyOf: [out, { type: 'number' }] };
  }
  return node.nullable === true ? makeNullable(out) : out;
}

const HEX_UUID = /^[0-9a-f]{32}$/;
const ANY_UUID =
  /^(?:[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

function createAjv(direction: Direction): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
  addFormats(ajv);
  // Waldur renders hex UUIDs but accepts the hyphenated form on input.
  ajv.addFormat('uuid', direction === 'response' ? HEX_UUID : ANY_UUID);
  ajv.addFormat('decimal', /^-?\d*(?:\.\d*)?$/);
  const definitions: Json = {};
  for (const [name, schema] of Object.entries(
    openApiDocument().components.schemas,
  )) {
    definitions[name] = convert(schema, direction);
  }
  ajv.addSchema({ $id: `${direction}.json`, definitions });
  return ajv;
}

const ajvCache = new Map<Direction, Ajv>();
const validatorCache = new Map<string, ValidateFunction>();

function ajvFor(direction: Direction): Ajv {
  let ajv = ajvCache.get(direction);
  if (!ajv) {
    ajv = createAjv(direction);
    ajvCache.set(direction, ajv);
  }
  return ajv;
}

function compiled(
  key: string,
  schema: Json,
  direction: Direction,
): ValidateFunction {
  let validate = validatorCache.get(key);
  if (!validate) {
    validate = ajvFor(direction).compile(convert(schema, direction) as Json);
    validatorCache.set(key, validate);
  }
  return validate;
}

/** The JSON request schema of an operation, if it declares one. */
export function requestSchema(method: string, path: string): Json | undefined {
  return findOperation(method, path)?.requestBody?.content?.['application/json']
    ?.schema;
}

export function requestValidator(
  method: string,
  path: string,
): ValidateFunction | undefined {
  const schema = requestSchema(method, path);
  return schema
    ? compiled(`request ${method} ${path}`, schema, 'request')
    : undefined;
}

/**
 * DRF error bodies: `{"detail": "..."}`, `{"field": ["msg"]}` (possibly
 * nested) or a bare list of messages. Used for error statuses the schema
 * does not document (it documents almost none).
 */
const DRF_ERROR_SCHEMA: Json = {
  definitions: {
    messages: {
      anyOf: [
        { type: 'array', items: { type: 'string' } },
        { type: 'array', items: { $ref: '#/definitions/fields' } },
        { $ref: '#/definitions/fields' },
      ],
    },
    fields: {
      type: 'object',
      additionalProperties: { $ref: '#/definitions/messages' },
    },
  },
  anyOf: [
    {
      type: 'object',
      required: ['detail'],
      properties: { detail: { type: 'string' } },
      additionalProperties: false,
    },
    { type: 'array', items: { type: 'string' } },
    { $ref: '#/definitions/fields' },
  ],
};

export interface ResponseCheck {
  /** Problems found; empty when the response conforms. */
  errors: string[];
  /** True when the schema documents a JSON body for this status. */
  documentedBody: boolean;
}

function describe(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map(
    error => `${error.instancePath || '/'} ${error.message ?? error.keyword}`,
  );
}

/**
 * Checks a response against the operation's schema for that status code.
 * `body` is the raw response text (empty string for no body).
 */
export function checkResponse(
  method: string,
  path: string,
  status: number,
  body: string,
): ResponseCheck {
  const operation = findOperation(method, path);
  if (!operation) {
    return {
      errors: [`${method} ${path} is not in the OpenAPI subset`],
      documentedBody: false,
    };
  }
  const response = operation.responses[String(status)];
  const schema = response?.content?.['application/json']?.schema;
  if (schema) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return { errors: ['body is not JSON'], documentedBody: true };
    }
    const validate = compiled(
      `response ${method} ${path} ${status}`,
      schema,
      'response',
    );
    return {
      errors: validate(parsed) ? [] : describe(validate.errors),
      documentedBody: true,
    };
  }
  if (status < 400) {
    if (!response) {
      return {
        errors: [`status ${status} is not documented for ${method} ${path}`],
        documentedBody: false,
      };
    }
    return {
      errors: body === '' ? [] : ['documented without a body but one was sent'],
      documentedBody: false,
    };
  }
  if (method === 'HEAD') return { errors: [], documentedBody: false };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { errors: ['error body is not JSON'], documentedBody: false };
  }
  const validate = compiled('drf-error', DRF_ERROR_SCHEMA, 'response');
  return {
    errors: validate(parsed) ? [] : describe(validate.errors),
    documentedBody: false,
  };
}
