import { type KeyKind, parseKey } from '@cmp/plugin-agent-registry-common';
import { agentEntityRef } from '../agents/agentView';
import type { AccessRecord } from '../database/DatabaseAccessStore';
import type { AgentRecord } from '../database/DatabaseAgentStore';
import type { KeyRecord } from '../database/DatabaseKeyStore';
import type { UsageEvent } from '../database/DatabaseMeteringStore';
import type { RegistryStores } from '../database/RegistryDatabase';
import { hashKey } from '../keys/keyHash';
import { GatewayError } from './GatewayError';

/** A call to admit: its key (as a hash) and the idempotency key the client chose. */
export type AdmissionRequest = { keyHash: string; idempotencyKey?: string };

/** What a call is checked against, as loaded; `previous` is an earlier call with its key. */
export type Admission = {
  key?: KeyRecord;
  access?: AccessRecord;
  agent?: AgentRecord;
  previous?: UsageEvent;
};

const distinct = (values: string[]) => [...new Set(values)];

/**
 * The hash of a caller's key, after the checks that need no database: present, an
 * Agent Registry key (format and checksum), of a kind this entrance takes. Never logs it.
 */
export function keyHashOf(token: string | undefined, kinds: KeyKind[]) {
  if (!token)
    throw new GatewayError(
      'key_missing',
      'Send a key as "Authorization: Bearer <key>"',
    );
  const parsed = parseKey(token);
  if (!parsed)
    throw new GatewayError(
      'key_malformed',
      'That is not an Agent Registry key (wrong format or checksum)',
    );
  if (!kinds.includes(parsed.kind)) {
    throw new GatewayError(
      'key_wrong_kind',
      `A ${parsed.kind} key cannot be used here (use a ${kinds.join(
        ' or ',
      )} key)`,
    );
  }
  return hashKey(token);
}

/**
 * Loads, for calls admitted together, their keys, the keys' accesses, the accesses'
 * agents and earlier calls with the same idempotency keys: two reads for any number of
 * calls, through the given stores (inside the gateway's write transaction, or not).
 */
export async function loadAdmissions(
  stores: RegistryStores,
  requests: AdmissionRequest[],
): Promise<Admission[]> {
  const found = await stores.admissions.getByKeyHashes(
    distinct(requests.map(r => r.keyHash)),
  );
  const admissions = requests.map(
    ({ keyHash }): Admission => ({ ...found.get(keyHash) }),
  );
  const repeated = requests.flatMap(({ idempotencyKey }, i) => {
    const accessId = admissions[i].access?.id;
    return idempotencyKey && accessId ? [{ accessId, idempotencyKey }] : [];
  });
  if (repeated.length) {
    const previous = await stores.metering.findByIdempotencyKeys(repeated);
    requests.forEach(({ idempotencyKey }, i) => {
      const accessId = admissions[i].access?.id;
      if (idempotencyKey && accessId)
        admissions[i].previous = previous.get(`${accessId}\n${idempotencyKey}`);
    });
  }
  return admissions;
}

/** The key may be used now (and, for a widget key, from this origin). */
export function checkKey(
  admission: Admission,
  origin: string | undefined,
  now: Date,
): KeyRecord {
  const key = admission.key;
  if (!key) throw new GatewayError('key_unknown', 'Unknown key');
  if (key.state === 'revoked')
    throw new GatewayError('key_revoked', 'This key has been revoked');
  if (key.expiresAt && new Date(key.expiresAt) <= now) {
    throw new GatewayError(
      'key_expired',
      `This key expired at ${key.expiresAt}`,
    );
  }
  if (key.state === 'paused')
    throw new GatewayError('key_paused', 'This key is paused');
  if (
    key.kind === 'widget' &&
    !(origin && key.allowedOrigins?.includes(origin))
  ) {
    throw new GatewayError(
      'origin_not_allowed',
      `This widget key may not be used from ${origin ?? 'an unknown origin'}`,
    );
  }
  return key;
}

function names(agent: AgentRecord, ref: string): boolean {
  const lower = ref.toLocaleLowerCase('en-US');
  return (
    lower === agent.id ||
    (agent.namespace === 'default' &&
      lower === agent.name.toLocaleLowerCase('en-US')) ||
    lower === `${agent.namespace}:${agent.name}`.toLocaleLowerCase('en-US')
  );
}

/** The key's subscription is active, for this agent, released, on a plan still offered. */
export function admit(admission: Admission, key: KeyRecord, agentRef: string) {
  const { access, agent } = admission;
  if (!access || access.state === 'terminated')
    throw new GatewayError('access_ended', 'This subscription has ended');
  if (access.state === 'paused')
    throw new GatewayError('access_paused', 'This subscription is paused');
  if (access.state === 'pending')
    throw new GatewayError(
      'access_pending',
      'This subscription is not active yet',
    );
  if (!agent || !names(agent, agentRef)) {
    throw new GatewayError(
      'key_wrong_agent',
      `This key is for another agent than ${JSON.stringify(agentRef)}`,
    );
  }
  if (agent.archivedAt)
    throw new GatewayError(
      'agent_archived',
      `${agentEntityRef(agent)} has been archived`,
    );
  const version = access.pinnedVersion ?? agent.defaultVersion;
  if (!version)
    throw new GatewayError(
      'agent_not_released',
      `${agentEntityRef(agent)} has no published version yet`,
    );
  const plan = agent.plans.find(p => p.name === access.plan);
  if (!plan)
    throw new GatewayError(
      'plan_unknown',
      `Plan "${access.plan}" is no longer offered for ${agentEntityRef(agent)}`,
    );
  return { key, access, agent, version, plan };
}

export type Admitted = ReturnType<typeof admit>;
