import {
  createEvent,
  encodeEvent,
  graphKey,
  PersonErasedV1Definition,
  personKeyRecordKey,
} from '@callrecords/contracts';
import type { EventProducer, OutgoingMessage, PersonKeyTable } from '@callrecords/kafka';

import { erasureTargetOf } from '../domain/erasure-target';
import type { IdentifierKind } from '../domain/erasure-target';
import { tenantPseudonymKey } from '../domain/pseudonymise';

export interface ForgetRequest {
  readonly tenantId: string;
  /** A user id, UPN or phone number; never written anywhere. */
  readonly identifier: string;
  /** Who asked (operator or token subject), for the audit trail. */
  readonly requestedBy: string;
  /** When the erasure runs (the audit event's time). */
  readonly now: Date;
  /** The GraphQL request executed (`PersonErasureRequestedV1`): its id and time, for the audit. */
  readonly request?: { readonly id: string; readonly at: Date };
}

export interface ForgetResult {
  readonly kind: IdentifierKind;
  /** The persons erased (a UPN may name several keys' owner); the identifier's own when none. */
  readonly pseudonyms: readonly string[];
  /** `<pseudonym>:<kid>` of every key tombstoned now; empty on a repeated request. */
  readonly keysDeleted: readonly string[];
}

export interface ForgetDeps {
  readonly table: PersonKeyTable;
  readonly producer: Pick<EventProducer, 'send'>;
  readonly topics: { readonly personKeys: string; readonly erasures: string };
  readonly pseudonymSecret: string;
}

/** What an erasure writes: the key tombstones first, then the audit events. */
export interface ErasurePlan {
  readonly result: ForgetResult;
  readonly tombstones: readonly OutgoingMessage[];
  readonly audits: readonly OutgoingMessage[];
}

/**
 * Erases one person of a tenant (crypto-shredding): tombstones every key of the person, so every
 * sealed copy of their values anywhere becomes their pseudonym, and writes one audit event per
 * person (who, when, the pseudonym; never the identifier). Idempotent: a repeated request is
 * audited and tombstones nothing.
 */
export async function forgetPerson(
  deps: ForgetDeps,
  request: ForgetRequest,
): Promise<ForgetResult> {
  const plan = await planErasure(deps, request);
  // Keys first: an audit event always follows the erasure it records.
  if (plan.tombstones.length > 0) {
    await deps.producer.send(plan.tombstones);
  }
  await deps.producer.send(plan.audits);
  for (const pseudonym of plan.result.pseudonyms) {
    deps.table.forget(request.tenantId, pseudonym);
  }
  return plan.result;
}

/**
 * The messages of one erasure, after reading the person-keys topic to its end: the consumer of
 * erasure requests produces them in the transaction of the request's offset.
 */
export async function planErasure(
  deps: Omit<ForgetDeps, 'producer'>,
  request: ForgetRequest,
): Promise<ErasurePlan> {
  const { tenantId } = request;
  const target = erasureTargetOf(
    tenantPseudonymKey(deps.pseudonymSecret, tenantId),
    request.identifier,
  );
  await deps.table.refresh();
  const entries = deps.table.entriesOf(tenantId, target.pseudonym);
  const pseudonyms = [...new Set([target.pseudonym, ...entries.map((e) => e.pseudonym)])].filter(
    // A UPN is an alias, not a person: its own pseudonym is audited only when it found nobody.
    (pseudonym) => target.kind !== 'upn' || entries.length === 0 || pseudonym !== target.pseudonym,
  );
  const tombstones: OutgoingMessage[] = entries.map((e) => ({
    topic: deps.topics.personKeys,
    key: personKeyRecordKey(tenantId, e.pseudonym, e.kid),
    value: null,
  }));
  const audits = pseudonyms.map((pseudonym) =>
    auditMessage(deps.topics.erasures, {
      ...request,
      pseudonym,
      kind: target.kind,
      keysDeleted: entries
        .filter((e) => e.pseudonym === pseudonym)
        .map((e) => `${e.pseudonym}:${e.kid}`),
    }),
  );
  return {
    result: {
      kind: target.kind,
      pseudonyms,
      keysDeleted: entries.map((e) => `${e.pseudonym}:${e.kid}`),
    },
    tombstones,
    audits,
  };
}

function auditMessage(
  topic: string,
  audit: Omit<ForgetRequest, 'identifier'> & {
    readonly pseudonym: string;
    readonly kind: IdentifierKind;
    readonly keysDeleted: readonly string[];
  },
): OutgoingMessage {
  const { tenantId, pseudonym, now, request } = audit;
  const event = createEvent(PersonErasedV1Definition, {
    tenantId,
    correlationId: request?.id ?? `erasure-${pseudonym}-${now.toISOString()}`,
    occurredAt: now,
    producedAt: now,
    payload: {
      pseudonym,
      identifierKind: audit.kind,
      requestedBy: audit.requestedBy,
      requestedAt: (request?.at ?? now).toISOString(),
      keysDeleted: [...audit.keysDeleted],
      ...(request === undefined ? {} : { requestId: request.id }),
    },
  });
  return {
    topic,
    key: graphKey(tenantId, pseudonym),
    ...encodeEvent(PersonErasedV1Definition, event),
  };
}
