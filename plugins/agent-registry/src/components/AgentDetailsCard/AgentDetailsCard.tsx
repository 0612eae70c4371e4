import { parseEntityRef } from '@backstage/catalog-model';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import { Card, CardBody, CardHeader, Flex, Text } from '@backstage/ui';
import {
  ANNOTATION_WALDUR_OFFERING_UUID,
  type AgentEntityV1alpha1,
  type AgentPlan,
  isAgentEntity,
} from '@cmp/plugin-agent-registry-common';
import type { ReactNode } from 'react';

const TYPE_LABELS: Record<string, string> = {
  'chat-agent': 'Chat agent',
  assistant: 'Assistant',
  automation: 'Automation',
  app: 'App',
};

function Field(props: { label: string; children: ReactNode }) {
  return (
    <Flex direction="column" gap="1">
      <Text variant="body-small" color="secondary">
        {props.label}
      </Text>
      <Text as="div" variant="body-medium">
        {props.children}
      </Text>
    </Flex>
  );
}

function quota(plan: AgentPlan): string {
  return plan.includedCalls === undefined
    ? 'Unlimited calls'
    : `${plan.includedCalls.toLocaleString('en-US')} calls included`;
}

function price(amount: string | undefined, currency: string, per: string) {
  return amount === undefined ? '—' : `${amount} ${currency} / ${per}`;
}

function PlansTable({ plans }: { plans: AgentPlan[] }) {
  return (
    <table
      aria-label="Pricing plans"
      style={{ width: '100%', borderCollapse: 'collapse' }}
    >
      <thead>
        <tr style={{ textAlign: 'left' }}>
          {['Plan', 'Tier', 'Quota', 'Monthly', 'Yearly', 'Per call'].map(h => (
            <th key={h} scope="col" style={{ padding: '4px 8px' }}>
              <Text variant="body-small" weight="bold">
                {h}
              </Text>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {plans.map(plan => (
          <tr key={plan.name}>
            {[
              plan.title ?? plan.name,
              plan.tier,
              quota(plan),
              price(plan.prices.monthly, plan.currency, 'month'),
              price(plan.prices.yearly, plan.currency, 'year'),
              price(plan.prices.perCall, plan.currency, 'call'),
            ].map((cell, i) => (
              <td key={i} style={{ padding: '4px 8px' }}>
                <Text variant="body-medium">{cell}</Text>
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Shows what only an Agent has: its runtime, default persona, pricing plans and where it is
 * on sale.
 */
export function AgentDetailsCard() {
  const { entity } = useEntity();
  if (!isAgentEntity(entity)) {
    return null;
  }
  const { spec } = entity as AgentEntityV1alpha1;
  const persona = spec.persona ?? {};
  const offering =
    entity.metadata.annotations?.[ANNOTATION_WALDUR_OFFERING_UUID];
  return (
    <Card>
      <CardHeader>
        <Text as="h2" variant="title-small">
          Agent
        </Text>
      </CardHeader>
      <CardBody>
        <Flex direction="column" gap="4">
          <Field label="Type">{TYPE_LABELS[spec.type] ?? spec.type}</Field>
          <Field label="Runtime">
            Langflow flow <code>{spec.runtime.flowId}</code>
            {spec.runtime.endpointName && (
              <>
                {' '}
                (endpoint <code>{spec.runtime.endpointName}</code>)
              </>
            )}
            {spec.runtime.resource && (
              <>
                {' on '}
                <EntityRefLink
                  entityRef={parseEntityRef(spec.runtime.resource, {
                    defaultKind: 'resource',
                    defaultNamespace: entity.metadata.namespace ?? 'default',
                  })}
                />
              </>
            )}
          </Field>
          {persona.name && <Field label="Persona">{persona.name}</Field>}
          <Field label="System prompt">{persona.systemPrompt ?? 'None'}</Field>
          <Field label="Welcome message">
            {persona.welcomeMessage ?? 'None'}
          </Field>
          {persona.starterPrompts?.length ? (
            <Field label="Starter prompts">
              <ul style={{ margin: 0, paddingLeft: '1.2em' }}>
                {persona.starterPrompts.map(p => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </Field>
          ) : null}
          <Field label="Pricing plans">
            {spec.plans?.length ? (
              <PlansTable plans={spec.plans} />
            ) : (
              'No plans yet'
            )}
          </Field>
          <Field label="Marketplace">
            {offering ? (
              <>
                Waldur offering <code>{offering}</code>
              </>
            ) : (
              'Not on sale'
            )}
          </Field>
        </Flex>
      </CardBody>
    </Card>
  );
}
