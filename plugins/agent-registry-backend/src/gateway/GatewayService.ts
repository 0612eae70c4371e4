import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  AgentConfiguration,
  AgentPlan,
  KeyKind,
} from '@cmp/plugin-agent-registry-common';
import { RuntimeError } from '@cmp/plugin-agent-registry-node';
import { agentEntityRef } from '../agents/agentView';
import type { ConfigService } from '../config/ConfigService';
import type { AccessRecord } from '../database/DatabaseAccessStore';
import type { AgentRecord } from '../database/DatabaseAgentStore';
import type { KeyRecord } from '../database/DatabaseKeyStore';
import type { RegistryStores as Stores } from '../database/RegistryDatabase';
import type {
  UsageEvent,
  UsageResult,
} from '../database/DatabaseMeteringStore';
import type { RuntimeRegistry } from '../runtime/RuntimeRegistry';
import type { RegistryContext } from '../service/RegistryContext';
import { fromMicros } from '../wallet/money';
import type { WalletService } from '../wallet/WalletService';
import {
  type Admission,
  type AdmissionRequest,
  admit,
  type Admitted,
  checkKey,
  keyHashOf,
  loadAdmissions,
} from './admission';
import { BoundedCache } from './BoundedCache';
import { KnownAdmissions } from './KnownAdmissions';
import { GatewayError } from './GatewayError';
import { GroupCommit } from './GroupCommit';
import { counterOf, counterOfCall, QuotaHeadroom } from './QuotaHeadroom';
import { callTerms } from './quotaPeriod';

export type InvokeRequest = {
  /** The key from `Authorization: Bearer …`. */
  token: string | undefined;
  /** The agent named in the URL (id, name or `namespace:name`). */
  agentRef: string;
  input: string;
  sessionId?: string;
  idempotencyKey?: string;
  /** Which kinds of key this entrance accepts. */
  kinds: KeyKind[];
  /** The calling page's origin, checked against widget keys' allow-lists. */
  origin?: string;
  /** Streams text as the runtime produces it. */
  onChunk?: (chunk: string) => void;
  signal?: AbortSignal;
};

/** What a successful call returns (and what a repeated idempotency key replays). */
export type GatewayAnswer = {
  id: string;
  agent: string;
  version: string;
  sessionId: string;
  output: string;
  usage: { inputTokens?: number; outputTokens?: number; computeMs: number };
  charged?: { amount: string; currency: string };
};

/** A call's record before the runtime runs: written, or (`ahead`) not yet. */
type Reservation = { event: UsageEvent; currency?: string; ahead?: Ahead };

/**
 * A call admitted ahead (PostgreSQL): from what the gateway knew, its record and its quota
 * left to the moment it is recorded (see `admitAhead`).
 */
type Ahead = { request: ReserveRequest; quota?: number; admittedAs?: string };

type Completion = { reservation: Reservation; result: UsageResult };

/** What the calls in flight write: a reservation before the runtime runs, a completion after. */
type MeteringWrite = { reserve: ReserveRequest } | { complete: Completion };

/** A call to admit and, if admitted and not a repeat, reserve. */
type ReserveRequest = AdmissionRequest & {
  eventId: string;
  agentRef: string;
  origin?: string;
};

/** A call admitted and reserved, or admitted as the repeat of an earlier call. */
type ReserveOutcome =
  | { admitted: Admitted; reservation: Reservation }
  | { previous: UsageEvent };

/** A reservation to take for an admitted call. */
type Take = {
  eventId: string;
  key: KeyRecord;
  access: AccessRecord;
  plan: AgentPlan;
  idempotencyKey: string;
};

const MAX_INPUT_CHARS = 100_000;
/** Events looked at (SQLite) or stale calls released (PostgreSQL) per sweep step. */
const STALE_SWEEP_STEP = 2000;

/** A call's record as it is reserved: pending, counted in its quota's period if given. */
function pendingEvent(
  request: ReserveRequest,
  admitted: Admitted,
  quotaPeriod: string | undefined,
  now: Date,
): UsageEvent {
  return {
    id: request.eventId,
    tenantId: admitted.access.tenantId,
    accessId: admitted.access.id,
    keyId: admitted.key.id,
    idempotencyKey: request.idempotencyKey ?? request.eventId,
    status: 'pending',
    quotaPeriod,
    countedInQuota: quotaPeriod !== undefined,
    chargedMicros: 0,
    occurredAt: now.toISOString(),
  };
}

/** What a call was charged, as its answer shows it. */
const chargedFor = ({ event, currency }: Reservation) =>
  event.chargedMicros
    ? {
        charged: {
          amount: fromMicros(event.chargedMicros),
          currency: currency!,
        },
      }
    : {};

const compareEvents = (a: UsageEvent, b: UsageEvent) => {
  if (a.accessId !== b.accessId) return a.accessId < b.accessId ? -1 : 1;
  if (a.idempotencyKey === b.idempotencyKey) return 0;
  return a.idempotencyKey < b.idempotencyKey ? -1 : 1;
};

/**
 * The runtime gateway: key → access → quota and credit → effective configuration → the
 * pinned version's flow on its runtime → usage recorded → answer. A call is written down
 * (pending, with its quota and credit taken) before the runtime runs, so a crash never
 * loses it, and is given back if the runtime fails, so failures are never charged. On
 * PostgreSQL a busy key's usual call may instead be admitted ahead: checked against what
 * the gateway knows, run, then checked again and recorded in one statement
 * (`admitAhead`); it answers only once recorded, so nothing it answers is lost either.
 */
export class GatewayService {
  private readonly flows = new BoundedCache<Record<string, unknown>>(1000);
  private readonly configs = new BoundedCache<AgentConfiguration>(10_000, 1000);

  // Every call is checked against its key, access and agent as the database has them (so
  // a revoked key or an ended access stops at once, on every replica) and writes twice in
  // the database: a reservation before the runtime runs, a completion after (or, admitted
  // ahead, once: its record). The calls in flight share these writes (group commit): the
  // calls of a turn share its statements, its commits and its one sync.
  private readonly reserve: (
    request: ReserveRequest,
  ) => Promise<ReserveOutcome>;
  // PostgreSQL: the earlier calls of repeated idempotency keys, looked up together.
  private readonly earlierCalls = new GroupCommit(
    async (events: UsageEvent[]) => {
      const found = await this.ctx.db.stores.metering.findByIdempotencyKeys(
        events,
      );
      return events.map(e => found.get(`${e.accessId}\n${e.idempotencyKey}`));
    },
  );
  // The reservation a call was recorded under: its own, or (a call admitted ahead and
  // then refused by its record) the one it was given after it ran.
  private readonly complete: (completion: Completion) => Promise<Reservation>;
  // PostgreSQL: admissions read before, so a turn of calls with known keys skips a read,
  // and a call may be admitted ahead.
  private readonly knownAdmissions = new KnownAdmissions();
  // PostgreSQL: what the quota counters had left, so a call may be admitted ahead.
  private readonly headroom = new QuotaHeadroom();
  // SQLite: the events up to this rowid hold no pending call (see `sweepStale`).
  private sweptTo = 0;
  // Checks without a call (MCP sessions, the OpenAI model list) share their reads too.
  private readonly admissions = new GroupCommit(
    (requests: AdmissionRequest[]) =>
      loadAdmissions(this.ctx.db.stores, requests),
  );

  constructor(
    private readonly ctx: RegistryContext,
    private readonly config: ConfigService,
    private readonly wallets: WalletService,
    private readonly runtimes: RuntimeRegistry,
    private readonly logger: LoggerService,
  ) {
    if (ctx.db.writesConcurrently) {
      // PostgreSQL: every statement is a round trip. A turn's usual reservations are a
      // read and one statement, and its completions one statement, each committing by
      // itself (no BEGIN and COMMIT), on their own connections, at the same time.
      const reservations = new GroupCommit((requests: ReserveRequest[]) =>
        this.reserveConcurrently(requests),
      );
      const completions = new GroupCommit(async (calls: Completion[]) => {
        await this.ctx.db.stores.metering.completeMany(
          calls.map(c => ({ event: c.reservation.event, result: c.result })),
        );
        return calls.map(c => c.reservation);
      });
      // Calls admitted ahead are recorded through a pipeline of their own.
      const records = new GroupCommit((calls: Completion[]) =>
        this.recordRuns(calls),
      );
      this.reserve = request => reservations.submit(request);
      this.complete = completion =>
        completion.reservation.ahead
          ? records.submit(completion)
          : completions.submit(completion);
    } else {
      // SQLite: one writer, so one transaction per turn completes the calls that have
      // answered, then admits and reserves the new ones.
      const turns = new GroupCommit((writes: MeteringWrite[]) =>
        this.writeMetering(writes),
      );
      this.reserve = async request =>
        (await turns.submit({ reserve: request })) as ReserveOutcome;
      this.complete = async completion => {
        await turns.submit({ complete: completion });
        return completion.reservation;
      };
    }
  }

  async invoke(
    request: InvokeRequest,
  ): Promise<{ answer: GatewayAnswer; replayed: boolean }> {
    if (typeof request.input !== 'string' || !request.input.trim()) {
      throw new GatewayError('bad_request', 'input must be a non-empty string');
    }
    if (request.input.length > MAX_INPUT_CHARS) {
      throw new GatewayError(
        'bad_request',
        `input is longer than ${MAX_INPUT_CHARS} characters`,
      );
    }
    const keyHash = keyHashOf(request.token, request.kinds);
    // A call without a key of the client's is keyed by its own id: unique, and
    // time-ordered like the ids, so the idempotency index grows at its end.
    const eventId = this.ctx.newId();
    const toReserve: ReserveRequest = {
      keyHash,
      idempotencyKey: request.idempotencyKey,
      eventId,
      agentRef: request.agentRef,
      origin: request.origin,
    };
    // A streamed answer reaches the client as it runs, so it is never admitted ahead.
    const outcome =
      (!request.onChunk && this.admitAhead(toReserve)) ||
      (await this.reserve(toReserve));
    // Only a key the client chose can have been seen before.
    if ('previous' in outcome) return this.replay(outcome.previous);
    const { reservation } = outcome;
    const { access, agent, version } = outcome.admitted;
    let result;
    const started = performance.now();
    const sessionId =
      request.sessionId ?? `${access.id}:${reservation.event.id}`;
    try {
      const runtime = this.runtimes.get(agent.runtime.type);
      if (!runtime) {
        throw new GatewayError(
          'runtime_unavailable',
          `No runtime for "${agent.runtime.type}" is configured`,
        );
      }
      const [config, flow] = await Promise.all([
        this.effectiveConfig(access, agent),
        this.versionFlow(agent, version),
      ]);
      const invocation = {
        runtime: agent.runtime,
        flow,
        input: request.input,
        // Customers never share a conversation: sessions are namespaced by access.
        sessionId: request.sessionId
          ? `${access.id}:${request.sessionId}`
          : sessionId,
        config,
        signal: request.signal,
      };
      result = request.onChunk
        ? await runtime.stream(invocation, request.onChunk)
        : await runtime.invoke(invocation);
    } catch (error) {
      await this.release(reservation);
      if (error instanceof GatewayError) throw error;
      if (error instanceof RuntimeError) {
        throw new GatewayError(
          'runtime_failed',
          `The agent's runtime failed; you were not charged. ${error.message}`,
        );
      }
      throw error;
    }

    const answer: GatewayAnswer = {
      id: reservation.event.id,
      agent: agentEntityRef(agent),
      version,
      sessionId: request.sessionId ?? sessionId,
      output: result.text,
      usage: {
        ...result.usage,
        computeMs: Math.round(performance.now() - started),
      },
      ...chargedFor(reservation),
    };
    const recordedAs = await this.complete({
      reservation,
      result: {
        inputTokens: result.usage.inputTokens,
        outputTokens: result.usage.outputTokens,
        computeMs: answer.usage.computeMs,
        // Only a key the client chose can be repeated, so only then is it kept.
        response: request.idempotencyKey ? answer : undefined,
      },
    });
    if (recordedAs !== reservation)
      Object.assign(answer, chargedFor(recordedAs));
    if (recordedAs.event.chargedMicros) {
      this.wallets
        .afterCharge(access.tenantId)
        .catch(error =>
          this.logger.warn(
            `Low-balance handling failed for tenant ${access.tenantId}`,
            error,
          ),
        );
    }
    return { answer, replayed: false };
  }

  /** Checks a key; never logs or returns it. */
  async authenticate(
    token: string | undefined,
    kinds: KeyKind[],
    origin?: string,
  ): Promise<KeyRecord> {
    const admission = await this.admissions.submit({
      keyHash: keyHashOf(token, kinds),
    });
    return checkKey(admission, origin, this.ctx.now());
  }

  /** Checks a key and that it may use the agent now, without taking a call. */
  async check(
    token: string | undefined,
    kinds: KeyKind[],
    agentRef: string,
    origin?: string,
  ) {
    const admission = await this.admissions.submit({
      keyHash: keyHashOf(token, kinds),
    });
    return admit(
      admission,
      checkKey(admission, origin, this.ctx.now()),
      agentRef,
    );
  }

  /**
   * SQLite's turn: completes the finished calls, then admits and reserves the new ones, in
   * one transaction: a call is checked against its key, access and agent as they are at the
   * moment it takes its quota. Completions answer once the commit is on disk (one sync
   * for the whole turn). A turn with only reservations does not wait for the disk: the
   * next completion's sync makes it durable, and a crash before that loses only calls
   * that never answered.
   */
  private async writeMetering(
    writes: MeteringWrite[],
  ): Promise<Array<ReserveOutcome | undefined | Error>> {
    const reserves: ReserveRequest[] = [];
    const completions: { event: UsageEvent; result: UsageResult }[] = [];
    for (const write of writes) {
      if ('reserve' in write) reserves.push(write.reserve);
      else
        completions.push({
          event: write.complete.reservation.event,
          result: write.complete.result,
        });
    }
    const outcomes = await this.ctx.db.driverTransaction(
      async stores => {
        await stores.metering.completeMany(completions);
        return reserves.length ? this.admitAndReserve(stores, reserves) : [];
      },
      { durability: completions.length ? 'commit' : 'later' },
    );
    let next = 0;
    return writes.map(write =>
      'reserve' in write ? outcomes[next++] : undefined,
    );
  }

  /**
   * PostgreSQL's turn of reservations. The usual calls take one round trip: one
   * statement that takes their quota and records them (`insertPendingWithinQuota`),
   * committing by itself without waiting for the disk, and only while their keys',
   * accesses' and agents' rows are as the gateway last read them (`KnownAdmissions`). A
   * turn with keys not read before, or whose known rows would refuse a call, first
   * reads them (one joined read). A revocation committed before the statement stops the
   * call, as in the full path. The calls this cannot settle go through the full
   * reservation (`admitAndReserve`, one transaction): a period's first call, a quota's
   * edge, per-call charges and rows changed since they were read. A call repeating an
   * idempotency key already taken is answered later, after the turn (`repeatedCall`).
   */
  private async reserveConcurrently(
    requests: ReserveRequest[],
  ): Promise<Array<ReserveOutcome | Promise<ReserveOutcome> | Error>> {
    const { stores } = this.ctx.db;
    const now = this.ctx.now();
    const admissions = await this.admitKnowingRows(requests, now);
    const outcomes: Array<ReserveOutcome | Promise<ReserveOutcome> | Error> =
      new Array(requests.length);
    const usual: {
      index: number;
      admitted: Admitted;
      event: UsageEvent;
      quota?: number;
      admittedAs?: string;
    }[] = [];
    const full: number[] = [];
    requests.forEach((request, index) => {
      const admission = admissions[index];
      if (admission instanceof Error) {
        outcomes[index] = admission;
        return;
      }
      const { admitted, version } = admission;
      const { period, quota, perCall } = callTerms(
        now,
        admitted.access,
        admitted.plan,
      );
      const counted = quota !== undefined;
      if (counted ? quota <= 0 : perCall !== undefined) {
        full.push(index);
        return;
      }
      usual.push({
        index,
        admitted,
        quota,
        admittedAs: version,
        event: pendingEvent(
          request,
          admitted,
          counted ? period : undefined,
          now,
        ),
      });
    });

    const written = usual.length
      ? await stores.metering.insertPendingWithinQuota(usual, {
          durability: 'later',
          left: this.sawLeft,
        })
      : [];
    const repeated: typeof usual = [];
    usual.forEach((call, j) => {
      if (written[j] === 'recorded')
        outcomes[call.index] = {
          admitted: call.admitted,
          reservation: { event: call.event },
        };
      else if (written[j] === 'key_taken') repeated.push(call);
      else {
        if (written[j] === 'changed')
          this.knownAdmissions.forget(requests[call.index].keyHash);
        else this.headroom.full(counterOfCall(call.event));
        full.push(call.index);
      }
    });
    if (full.length) {
      const settled = await this.reserveFully(full.map(i => requests[i]));
      full.forEach((index, j) => (outcomes[index] = settled[j]));
    }
    // Started last: once nothing in this turn can fail (a failed turn is retried call by
    // call, which would leave a started lookup without a caller).
    for (const { index, event } of repeated)
      outcomes[index] = this.repeatedCall(requests[index], event);
    return outcomes;
  }

  private readonly sawLeft = (
    counter: { accessId: string; period: string },
    left: number,
  ) => this.headroom.saw(counterOf(counter.accessId, counter.period), left);

  /**
   * PostgreSQL: a call admitted without a round trip before it runs, when the gateway
   * already knows enough: no idempotency key of the client's to claim, a key whose rows it
   * has read and that admit the call, nothing to charge, and a quota known to have room
   * to spare (`QuotaHeadroom`). Nothing is written before the runtime runs; the record,
   * after it, checks the rows' versions and takes the quota atomically, as the reservation
   * would have (`recordRuns`): a key revoked or a quota used up meanwhile, on any replica,
   * refuses the call then, uncharged. Most calls of a busy key take this path, so that a
   * call costs the database one statement instead of two.
   */
  private admitAhead(request: ReserveRequest): ReserveOutcome | undefined {
    if (!this.ctx.db.writesConcurrently || request.idempotencyKey)
      return undefined;
    const known = this.knownAdmissions.get(request.keyHash);
    if (!known) return undefined;
    const now = this.ctx.now();
    let admitted: Admitted;
    try {
      admitted = admit(
        known,
        checkKey(known, request.origin, now),
        request.agentRef,
      );
    } catch {
      return undefined; // refused against a fresh read, by the reservation
    }
    const { period, quota, perCall } = callTerms(
      now,
      admitted.access,
      admitted.plan,
    );
    const counted = quota !== undefined;
    if (
      counted
        ? !this.headroom.tryRun(counterOf(admitted.access.id, period))
        : perCall !== undefined
    )
      return undefined;
    return {
      admitted,
      reservation: {
        event: pendingEvent(
          request,
          admitted,
          counted ? period : undefined,
          now,
        ),
        ahead: { request, quota, admittedAs: known.version },
      },
    };
  }

  /**
   * PostgreSQL's turn of records of calls admitted ahead, that have run and answered: one
   * statement records them as completed, takes their quota and adds them to the rollups
   * (`recordWithinQuota`), and commits with its sync. A call it refuses (its quota has no
   * room for the turn's calls, or its key's, access's or agent's rows changed) is reserved
   * the full way after the turn, and completed if admitted; otherwise refused, uncharged.
   */
  private async recordRuns(
    calls: Completion[],
  ): Promise<Array<Reservation | Promise<Reservation> | Error>> {
    const outcomes = await this.ctx.db.stores.metering.recordWithinQuota(
      calls.map(({ reservation, result }) => ({
        event: reservation.event,
        result,
        quota: reservation.ahead!.quota,
        admittedAs: reservation.ahead!.admittedAs,
      })),
      { left: this.sawLeft },
    );
    const refused: Completion[] = [];
    const answers = calls.map((call, i): Reservation | number => {
      const { event, ahead } = call.reservation;
      const counter = counterOfCall(event);
      this.headroom.ended(counter);
      // Taken: recorded by this call's own earlier try (its id is its own).
      if (outcomes[i] === 'recorded' || outcomes[i] === 'key_taken')
        return call.reservation;
      if (outcomes[i] === 'changed')
        this.knownAdmissions.forget(ahead!.request.keyHash);
      else this.headroom.full(counter);
      return refused.push(call) - 1;
    });
    // Started last: once nothing in this turn can fail.
    const again = refused.length ? this.reserveAfterRun(refused) : undefined;
    return answers.map(answer =>
      typeof answer === 'number'
        ? again!.then(settled => {
            const outcome = settled[answer];
            if (outcome instanceof Error) throw outcome;
            return outcome;
          })
        : answer,
    );
  }

  /**
   * Calls admitted ahead that their record refused: reserved the full way now (as any call
   * the usual reservation cannot settle), then completed; or refused, with nothing taken.
   */
  private async reserveAfterRun(
    calls: Completion[],
  ): Promise<Array<Reservation | Error>> {
    const settled = await this.reserveFully(
      calls.map(c => c.reservation.ahead!.request),
    );
    return Promise.all(
      settled.map(async (outcome, i): Promise<Reservation | Error> => {
        if (outcome instanceof Error) return outcome;
        // Not a repeat: only a key the client chose can be, and those are never ahead.
        if ('previous' in outcome)
          return new Error(`Call ${outcome.previous.id} was repeated`);
        return this.complete({
          reservation: outcome.reservation,
          result: calls[i].result,
        }).catch(error => error as Error);
      }),
    );
  }

  /**
   * PostgreSQL: a call whose idempotency key is already taken gets the earlier call, looked
   * up in a pipeline of its own so that the next turn of reservations does not wait for
   * the lookup. If the earlier call is gone (released since), the call is reserved anew
   * through the full path.
   */
  private async repeatedCall(
    request: ReserveRequest,
    event: UsageEvent,
  ): Promise<ReserveOutcome> {
    const previous = await this.earlierCalls.submit(event);
    if (previous) return { previous };
    const [outcome] = await this.reserveFully([request]);
    if (outcome instanceof Error) throw outcome;
    return outcome;
  }

  /** PostgreSQL's full reservation: one transaction that does not wait for the disk. */
  private reserveFully(
    requests: ReserveRequest[],
  ): Promise<Array<ReserveOutcome | Error>> {
    return this.ctx.db.driverTransaction(
      tx => this.admitAndReserve(tx, requests),
      { durability: 'later' },
    );
  }

  /**
   * PostgreSQL: each call admitted (or refused) against its key, access and agent as
   * known, with the rows' versions. Keys not known, or whose known rows refuse one of
   * their calls, are read now (one read for all of them) and all of their calls are
   * admitted against what was read, so a turn passes one version per key.
   */
  private async admitKnowingRows(
    requests: ReserveRequest[],
    now: Date,
  ): Promise<Array<{ admitted: Admitted; version?: string } | Error>> {
    const admitOne = (
      admission: Admission & { version?: string },
      request: ReserveRequest,
    ) => {
      try {
        const key = checkKey(admission, request.origin, now);
        return {
          admitted: admit(admission, key, request.agentRef),
          version: admission.version,
        };
      } catch (error) {
        return error as Error;
      }
    };
    const results = requests.map(request => {
      const known = this.knownAdmissions.get(request.keyHash);
      return known ? admitOne(known, request) : undefined;
    });
    const toRead = new Set<string>();
    requests.forEach((request, i) => {
      if (!results[i] || results[i] instanceof Error)
        toRead.add(request.keyHash);
    });
    if (!toRead.size) return results as NonNullable<(typeof results)[number]>[];
    const read = await this.ctx.db.stores.admissions.getByKeyHashes([
      ...toRead,
    ]);
    for (const keyHash of toRead)
      this.knownAdmissions.remember(keyHash, read.get(keyHash));
    return requests.map((request, i) =>
      toRead.has(request.keyHash)
        ? admitOne(read.get(request.keyHash) ?? {}, request)
        : results[i]!,
    );
  }

  private async admitAndReserve(
    stores: Stores,
    requests: ReserveRequest[],
  ): Promise<Array<ReserveOutcome | Error>> {
    const admissions = await loadAdmissions(stores, requests);
    const now = this.ctx.now();
    const outcomes: Array<ReserveOutcome | Error> = new Array(requests.length);
    const takes: Take[] = [];
    const admittedFor: { index: number; admitted: Admitted }[] = [];
    requests.forEach((request, i) => {
      try {
        const admission = admissions[i];
        const admitted = admit(
          admission,
          checkKey(admission, request.origin, now),
          request.agentRef,
        );
        if (admission.previous) {
          outcomes[i] = { previous: admission.previous };
          return;
        }
        takes.push({
          eventId: request.eventId,
          key: admitted.key,
          access: admitted.access,
          plan: admitted.plan,
          idempotencyKey: request.idempotencyKey ?? request.eventId,
        });
        admittedFor.push({ index: i, admitted });
      } catch (error) {
        outcomes[i] = error as Error;
      }
    });
    const reserved = takes.length ? await this.reserveMany(stores, takes) : [];
    reserved.forEach((reservation, j) => {
      const { index, admitted } = admittedFor[j];
      outcomes[index] =
        reservation instanceof Error ? reservation : { admitted, reservation };
    });
    return outcomes;
  }

  /**
   * Takes each call from its quota (or, past it or on pay-per-use plans, the plan's per-call
   * price from the credit wallet) and writes the pending calls, all in one transaction. A
   * call refused for quota or credit, or repeating an idempotency key already in use, gets
   * its own error and leaves nothing behind.
   */
  private async reserveMany(
    stores: Stores,
    requests: Take[],
  ): Promise<Array<Reservation | Error>> {
    const now = this.ctx.now();
    const occurredAt = now.toISOString();
    const results: Array<Reservation | Error> = new Array(requests.length);
    const terms = requests.map(({ access, plan }) =>
      callTerms(now, access, plan),
    );

    // One conditional UPDATE per quota counter, taken in a fixed order so that replicas
    // never wait on each other in a cycle.
    const counted = new Array<boolean>(requests.length).fill(false);
    const byCounter = new Map<string, number[]>();
    requests.forEach(({ access }, i) => {
      const { quota, period } = terms[i];
      if (quota === undefined || quota <= 0) return;
      const counter = `${access.tenantId}\n${access.id}\n${period}\n${quota}`;
      const indexes = byCounter.get(counter);
      if (indexes) indexes.push(i);
      else byCounter.set(counter, [i]);
    });
    for (const counter of [...byCounter.keys()].sort()) {
      const indexes = byCounter.get(counter)!;
      const { access } = requests[indexes[0]];
      const { period, quota } = terms[indexes[0]];
      const taken = await stores.metering.takeManyFromQuota(
        access.tenantId,
        access.id,
        period,
        quota!,
        indexes.length,
      );
      indexes.slice(0, taken).forEach(i => (counted[i] = true));
    }

    const pending: { index: number; event: UsageEvent; currency?: string }[] =
      [];
    for (const [
      i,
      { eventId, key, access, plan, idempotencyKey },
    ] of requests.entries()) {
      const { period, resetsAt, quota, perCall } = terms[i];
      const event: UsageEvent = {
        id: eventId,
        tenantId: access.tenantId,
        accessId: access.id,
        keyId: key.id,
        idempotencyKey,
        status: 'pending',
        quotaPeriod: counted[i] ? period : undefined,
        countedInQuota: counted[i],
        chargedMicros: 0,
        occurredAt,
      };
      if (counted[i] || (quota === undefined && !perCall)) {
        pending.push({ index: i, event });
      } else if (!perCall) {
        results[i] = new GatewayError(
          'quota_exhausted',
          `The ${
            plan.name
          } plan's ${quota} calls for ${period} are used up; they reset at ${resetsAt.toISOString()}`,
          {
            headers: {
              'Retry-After': String(
                Math.max(
                  1,
                  Math.ceil((resetsAt.getTime() - now.getTime()) / 1000),
                ),
              ),
            },
            details: { resetsAt: resetsAt.toISOString(), quota, period },
          },
        );
      } else {
        const charged = await this.charge(stores, key, access, plan, {
          eventId: event.id,
          perCall,
          now,
        });
        if (charged instanceof Error) results[i] = charged;
        else
          pending.push({
            index: i,
            event: { ...event, chargedMicros: perCall },
            currency: plan.currency,
          });
      }
    }

    // Inserted in one fixed order (access, then idempotency key), for the same reason.
    pending.sort((a, b) => compareEvents(a.event, b.event));
    const written = await stores.metering.insertPendingMany(
      pending.map(p => p.event),
    );
    for (const { index, event, currency } of pending) {
      if (written.has(event.id)) {
        results[index] = { event, currency };
        continue;
      }
      // Another call with this idempotency key got there first: give back what this took.
      await this.giveBack(stores, event);
      results[index] = new GatewayError(
        'request_in_progress',
        'A call with this Idempotency-Key is already running; retry to get its answer',
      );
    }
    return results;
  }

  /** Takes one call's price from the tenant's wallet, or says why it cannot. */
  private async charge(
    stores: Stores,
    key: KeyRecord,
    access: AccessRecord,
    plan: AgentPlan,
    call: { eventId: string; perCall: number; now: Date },
  ): Promise<true | GatewayError> {
    const wallet = await stores.wallets.get(access.tenantId);
    if (!wallet || wallet.currency !== plan.currency) {
      return new GatewayError(
        'no_credit',
        `No ${plan.currency} credit: top up the wallet to pay ${plan.prices.perCall} ${plan.currency} per call`,
      );
    }
    const balance = await stores.wallets.adjust(
      access.tenantId,
      -call.perCall,
      {
        id: this.ctx.newId(),
        kind: 'charge',
        reference: `usage:${call.eventId}`,
        createdBy: `key:${key.id}`,
        createdAt: call.now.toISOString(),
      },
    );
    if (balance === undefined) {
      return new GatewayError(
        'insufficient_credit',
        `Not enough credit for ${plan.prices.perCall} ${plan.currency}; top up the wallet`,
      );
    }
    return true;
  }

  /** Gives back the quota and the charge a call took (its record is removed separately). */
  private async giveBack(stores: Stores, event: UsageEvent): Promise<void> {
    if (event.countedInQuota && event.quotaPeriod) {
      await stores.metering.giveBackToQuota(
        event.tenantId,
        event.accessId,
        event.quotaPeriod,
      );
    }
    if (event.chargedMicros) {
      await stores.wallets.adjust(event.tenantId, event.chargedMicros, {
        id: this.ctx.newId(),
        kind: 'refund',
        reference: `usage:${event.id}`,
        createdBy: 'agent-registry:gateway',
        createdAt: this.ctx.now().toISOString(),
      });
    }
  }

  /** Gives back what a failed call took: the pending record, its quota and its charge. */
  async release(
    reservation: Pick<Reservation, 'event' | 'ahead'>,
  ): Promise<void> {
    const { event } = reservation;
    if (reservation.ahead) {
      // Nothing was written or taken.
      this.headroom.ended(counterOfCall(event));
      return;
    }
    await this.ctx.db.driverTransaction(async stores => {
      if (await stores.metering.deletePending(event.tenantId, event.id))
        await this.giveBack(stores, event);
    });
  }

  /**
   * Releases calls whose process died mid-call (pending longer than `olderThanMs`), step
   * by step until the sweep reaches the end (see `sweepStale`). Where SQLite's walk
   * stopped is kept for the next run; a new process walks all events once.
   */
  async releaseStale(olderThanMs: number): Promise<number> {
    const before = new Date(
      this.ctx.now().getTime() - olderThanMs,
    ).toISOString();
    let released = 0;
    for (;;) {
      const step = await this.ctx.db.stores.metering.sweepStale(
        this.sweptTo,
        before,
        STALE_SWEEP_STEP,
      );
      for (const event of step.stale) await this.release({ event });
      released += step.stale.length;
      this.sweptTo = step.next;
      if (step.done) return released;
    }
  }

  private replay(previous: UsageEvent): {
    answer: GatewayAnswer;
    replayed: boolean;
  } {
    if (previous.status !== 'ok') {
      throw new GatewayError(
        'request_in_progress',
        'A call with this Idempotency-Key is already running; retry to get its answer',
      );
    }
    return { answer: previous.response as GatewayAnswer, replayed: true };
  }

  /** Configuration changes reach the gateway within a second. */
  private effectiveConfig(
    access: AccessRecord,
    agent: AgentRecord,
  ): Promise<AgentConfiguration> {
    return this.configs.get(
      `${access.tenantId}:${agent.id}`,
      async () =>
        (await this.config.effectiveFor(access.tenantId, agent.id, agent.title))
          .config,
    );
  }

  /** Published versions never change, so their flows are cached without expiry. */
  private versionFlow(
    agent: AgentRecord,
    version: string,
  ): Promise<Record<string, unknown>> {
    return this.flows.get(`${agent.id}@${version}`, async () => {
      const found = await this.ctx.db.stores.versions.get(agent.id, version);
      if (!found || found.status === 'draft') {
        throw new GatewayError(
          'agent_not_released',
          `Version ${version} of ${agentEntityRef(agent)} is not published`,
        );
      }
      return found.flow;
    });
  }
}
