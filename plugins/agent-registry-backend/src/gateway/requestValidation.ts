import Ajv2020, {
  type ErrorObject,
  type ValidateFunction,
} from 'ajv/dist/2020';
import { spec } from '../schema/openapi.generated';

type Parameter = {
  name: string;
  in: string;
  required?: boolean;
  schema?: object;
};
type Operation = {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: {
    required?: boolean;
    content?: Record<string, { schema?: object }>;
  };
};

/** What a request must be, as the OpenAPI document says: its JSON body and its headers. */
export type RequestCheck = (request: {
  body?: unknown;
  header(name: string): string | undefined;
}) => string | undefined;

const SPEC_ID = 'agent-registry-openapi';

function findOperation(operationId: string): Operation {
  for (const pathItem of Object.values(spec.paths) as Record<string, any>[]) {
    for (const operation of Object.values(pathItem)) {
      if (operation?.operationId === operationId) return operation;
    }
  }
  throw new Error(`No operation ${operationId} in the OpenAPI document`);
}

/** `$ref`s inside the document point at its components, registered under SPEC_ID. */
function resolveRefs(schema: object): object {
  return JSON.parse(
    JSON.stringify(schema).replace(/"\$ref":"#\//g, `"$ref":"${SPEC_ID}#/`),
  );
}

const describe = (where: string, errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map(e => `${where}${e.instancePath} ${e.message}`).join(', ');

/**
 * Checks requests to the gateway's own listener against the same OpenAPI document that
 * Backstage's router validates with (express-openapi-validator): the listener does not run
 * Express, so the operation's body schema and header parameters are compiled here, once.
 * Messages read like the router's ("request/body must have required property 'input'").
 */
export function createRequestChecks(
  operationIds: string[],
): Map<string, RequestCheck> {
  const ajv = new Ajv2020({
    strict: false,
    allErrors: false,
    validateSchema: false,
  });
  ajv.addSchema(spec as object, SPEC_ID);
  const checks = new Map<string, RequestCheck>();
  for (const operationId of operationIds) {
    const operation = findOperation(operationId);
    const headers = (operation.parameters ?? [])
      .filter(p => p.in === 'header')
      .map(p => ({
        name: p.name.toLowerCase(),
        required: Boolean(p.required),
        validate: ajv.compile(resolveRefs(p.schema ?? {})),
      }));
    const bodySchema =
      operation.requestBody?.content?.['application/json']?.schema;
    const body: ValidateFunction | undefined = bodySchema
      ? ajv.compile(resolveRefs(bodySchema))
      : undefined;
    const bodyRequired = Boolean(operation.requestBody?.required);
    checks.set(operationId, request => {
      for (const header of headers) {
        const value = request.header(header.name);
        if (value === undefined) {
          if (header.required)
            return `request/headers must have required property '${header.name}'`;
        } else if (!header.validate(value)) {
          return describe(
            `request/headers/${header.name}`,
            header.validate.errors,
          );
        }
      }
      if (!body) return undefined;
      if (request.body === undefined) {
        return bodyRequired ? 'request/body is required' : undefined;
      }
      return body(request.body)
        ? undefined
        : describe('request/body', body.errors);
    });
  }
  return checks;
}
