import { parseEntityRef } from '@backstage/catalog-model';
import Ajv, { type ErrorObject } from 'ajv';
import agentSchema from './schema/Agent.v1alpha1.schema.json';
import {
  AGENT_KIND,
  type AgentEntityV1alpha1,
  isAgentEntity,
} from './AgentEntityV1alpha1';

/** One problem found in an Agent entity, with the field it concerns. */
export interface AgentValidationIssue {
  /** Dotted path of the offending field, e.g. `spec.plans[0].prices.monthly`. */
  field: string;
  message: string;
}

/** The JSON schema of `cmp.digitlify.com/v1alpha1` `Agent`. */
export const agentEntityV1alpha1Schema = agentSchema;

const ajv = new Ajv({ allErrors: true, verbose: true, allowUnionTypes: true });
// `x-hint` carries the human wording of what a pattern expects.
ajv.addKeyword({ keyword: 'x-hint', schemaType: 'string' });
const validateSchema = ajv.compile(agentSchema);

function toFieldPath(instancePath: string): string {
  let path = '';
  for (const raw of instancePath.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(part)) {
      path += `[${part}]`;
    } else {
      path += path ? `.${part}` : part;
    }
  }
  return path;
}

function describe(error: ErrorObject): AgentValidationIssue {
  const base = toFieldPath(error.instancePath);
  const join = (child: string) => (base ? `${base}.${child}` : child);
  const hint = (error.parentSchema as { 'x-hint'?: string } | undefined)?.[
    'x-hint'
  ];
  switch (error.keyword) {
    case 'required':
      return {
        field: join(error.params.missingProperty),
        message: 'is required',
      };
    case 'additionalProperties':
      return {
        field: join(error.params.additionalProperty),
        message: 'is not a known field',
      };
    case 'enum':
      return {
        field: base,
        message: `must be one of ${(error.params.allowedValues as unknown[])
          .map(v => JSON.stringify(v))
          .join(', ')} (got ${JSON.stringify(error.data)})`,
      };
    case 'pattern':
      return {
        field: base,
        message: `must be ${
          hint ?? `text matching ${error.params.pattern}`
        } (got ${JSON.stringify(error.data)})`,
      };
    default:
      return { field: base, message: error.message ?? 'is invalid' };
  }
}

function checkEntityRef(
  value: string | undefined,
  field: string,
  defaultKind: string,
  allowedKinds: string[] | undefined,
  issues: AgentValidationIssue[],
) {
  if (value === undefined) return;
  try {
    const ref = parseEntityRef(value, {
      defaultKind,
      defaultNamespace: 'default',
    });
    if (
      allowedKinds &&
      !allowedKinds.includes(ref.kind.toLocaleLowerCase('en-US'))
    ) {
      issues.push({
        field,
        message: `must refer to a ${allowedKinds.join(
          ' or ',
        )} (got ${JSON.stringify(value)})`,
      });
    }
  } catch (e) {
    issues.push({
      field,
      message: `is not a valid entity reference: ${(e as Error).message}`,
    });
  }
}

/**
 * Validates the Agent-specific part of an entity (the catalog validates the envelope and
 * metadata) and returns every problem found, each naming its field. Empty means valid.
 */
export function validateAgentEntity(entity: unknown): AgentValidationIssue[] {
  if (!validateSchema(entity)) {
    const seen = new Set<string>();
    return (validateSchema.errors ?? [])
      .filter(e => e.keyword !== 'if' && e.keyword !== '$ref')
      .map(describe)
      .filter(issue => {
        const key = `${issue.field}:${issue.message}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
  }
  const { spec } = entity as unknown as AgentEntityV1alpha1;
  const issues: AgentValidationIssue[] = [];
  checkEntityRef(spec.owner, 'spec.owner', 'Group', ['group', 'user'], issues);
  checkEntityRef(spec.system, 'spec.system', 'System', ['system'], issues);
  checkEntityRef(
    spec.runtime.resource,
    'spec.runtime.resource',
    'Resource',
    undefined,
    issues,
  );
  spec.providesApis?.forEach((ref, i) =>
    checkEntityRef(ref, `spec.providesApis[${i}]`, 'API', ['api'], issues),
  );
  spec.dependsOn?.forEach((ref, i) =>
    checkEntityRef(ref, `spec.dependsOn[${i}]`, 'Component', undefined, issues),
  );
  const planNames = new Set<string>();
  spec.plans?.forEach((plan, i) => {
    if (planNames.has(plan.name)) {
      issues.push({
        field: `spec.plans[${i}].name`,
        message: `duplicates plan "${plan.name}"`,
      });
    }
    planNames.add(plan.name);
  });
  return issues;
}

/** Formats issues as one message, e.g. for a catalog processing error or a 400 answer. */
export function formatAgentValidationIssues(
  issues: AgentValidationIssue[],
  entityName?: string,
): string {
  const subject = entityName ? `${AGENT_KIND} "${entityName}"` : AGENT_KIND;
  return `${subject} is invalid: ${issues
    .map(issue => `${issue.field} ${issue.message}`)
    .join('; ')}`;
}

/** Throws a TypeError naming every bad field unless the entity is a valid Agent. */
export function assertValidAgentEntity(
  entity: unknown,
): asserts entity is AgentEntityV1alpha1 {
  const issues = validateAgentEntity(entity);
  if (issues.length) {
    const name = (entity as { metadata?: { name?: unknown } })?.metadata?.name;
    throw new TypeError(
      formatAgentValidationIssues(
        issues,
        typeof name === 'string' ? name : undefined,
      ),
    );
  }
}

export { isAgentEntity };
