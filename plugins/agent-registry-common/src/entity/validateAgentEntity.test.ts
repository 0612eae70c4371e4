import { validAgent } from '../__fixtures__/agents';
import {
  assertValidAgentEntity,
  validateAgentEntity,
} from './validateAgentEntity';
import { isAgentEntity } from './AgentEntityV1alpha1';

function withSpec(change: (spec: any) => void) {
  const agent: any = validAgent();
  change(agent.spec);
  return agent;
}

describe('validateAgentEntity', () => {
  it('accepts a complete agent and a minimal one', () => {
    expect(validateAgentEntity(validAgent())).toEqual([]);
    const minimal = withSpec(spec => {
      delete spec.system;
      delete spec.persona;
      delete spec.plans;
      delete spec.runtime.endpointName;
      delete spec.runtime.resource;
    });
    expect(validateAgentEntity(minimal)).toEqual([]);
  });

  it.each([
    [
      'a missing owner',
      (s: any) => delete s.owner,
      'spec.owner',
      'is required',
    ],
    [
      'an unknown type',
      (s: any) => (s.type = 'robot'),
      'spec.type',
      'must be one of "chat-agent", "assistant", "automation", "app" (got "robot")',
    ],
    [
      'a negative price',
      (s: any) => (s.plans[0].prices.monthly = '-5'),
      'spec.plans[0].prices.monthly',
      'must be a non-negative decimal amount',
    ],
    [
      'a numeric price',
      (s: any) => (s.plans[0].prices.yearly = 290),
      'spec.plans[0].prices.yearly',
      'must be string',
    ],
    [
      'a plan without prices',
      (s: any) => (s.plans[0].prices = {}),
      'spec.plans[0].prices',
      'must NOT have fewer than 1 properties',
    ],
    [
      'a bad currency',
      (s: any) => (s.plans[0].currency = 'euro'),
      'spec.plans[0].currency',
      'ISO 4217',
    ],
    [
      'a flow id that is not a UUID',
      (s: any) => (s.runtime.flowId = 'my-flow'),
      'spec.runtime.flowId',
      'must be a Langflow flow id',
    ],
    [
      'a bad endpoint name',
      (s: any) => (s.runtime.endpointName = 'has space'),
      'spec.runtime.endpointName',
      'Langflow endpoint name',
    ],
    [
      'an unknown runtime',
      (s: any) => (s.runtime.type = 'dify'),
      'spec.runtime.type',
      'must be one of "langflow"',
    ],
    [
      'a missing runtime',
      (s: any) => delete s.runtime,
      'spec.runtime',
      'is required',
    ],
    [
      'an unknown spec field',
      (s: any) => (s.model = 'gpt'),
      'spec.model',
      'is not a known field',
    ],
    [
      'a negative quota',
      (s: any) => (s.plans[0].includedCalls = -1),
      'spec.plans[0].includedCalls',
      'must be >= 0',
    ],
    [
      'a duplicated plan',
      (s: any) => s.plans.push({ ...s.plans[0] }),
      'spec.plans[1].name',
      'duplicates plan "starter"',
    ],
    [
      'an owner that is a component',
      (s: any) => (s.owner = 'component:default/x'),
      'spec.owner',
      'must refer to a group or user',
    ],
    [
      'a malformed system ref',
      (s: any) => (s.system = 'system:default/'),
      'spec.system',
      'is not a valid entity reference',
    ],
  ])('rejects %s, naming the field', (_, change, field, message) => {
    const issues = validateAgentEntity(withSpec(change));
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          field,
          message: expect.stringContaining(message),
        }),
      ]),
    );
  });

  it('reports every problem at once', () => {
    const issues = validateAgentEntity(
      withSpec(spec => {
        delete spec.owner;
        spec.type = 'robot';
      }),
    );
    expect(issues.map(i => i.field).sort()).toEqual([
      'spec.owner',
      'spec.type',
    ]);
  });

  it('throws one message that names each bad field', () => {
    const bad = withSpec(spec => (spec.plans[0].prices.monthly = 'free'));
    expect(() => assertValidAgentEntity(bad)).toThrow(
      'Agent "support-assistant" is invalid: spec.plans[0].prices.monthly must be a non-negative decimal amount written as a string, such as "29.00" (got "free")',
    );
  });
});

describe('isAgentEntity', () => {
  it('matches the kind case-insensitively and the exact apiVersion only', () => {
    expect(isAgentEntity(validAgent())).toBe(true);
    expect(isAgentEntity({ ...validAgent(), kind: 'agent' } as any)).toBe(true);
    expect(
      isAgentEntity({
        ...validAgent(),
        apiVersion: 'backstage.io/v1alpha1',
      } as any),
    ).toBe(false);
    expect(isAgentEntity({ ...validAgent(), kind: 'Component' } as any)).toBe(
      false,
    );
  });
});
