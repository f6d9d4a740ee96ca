import { GRAPH_LIMITS } from '../simulator.constants';
import { isJsonObject } from '../simulator.types';

// Graph's rules for callRecords subscriptions (libs/contracts/graph-reference/FACTS.md 1–7 and
// section 7), as pure functions of the request body and `now`. The simulator allows http:// only to
// loopback, real Graph requires https.

export type ChangeType = 'created' | 'updated';

export interface SubscriptionRequest {
  readonly changeTypes: readonly ChangeType[];
  readonly changeType: string;
  readonly notificationUrl: string;
  readonly lifecycleNotificationUrl: string | null;
  readonly resource: string;
  readonly participantIds: readonly string[] | undefined;
  readonly expirationDateTime: string;
  readonly clientState: string | null;
  readonly latestSupportedTlsVersion: string;
}

export type RuleResult<T> = { ok: true; value: T } | { ok: false; message: string };

const MINUTE_MS = 60_000;
const TLS_VERSIONS = ['v1_0', 'v1_1', 'v1_2', 'v1_3'];
const RESOURCE = /^\/?communications\/callRecords(?:\?\$filter=(.+))?$/;
const ANY_LAMBDA = /^participants\/any\(\s*(\w+)\s*:\s*(.+)\)$/;

const fail = (message: string): { ok: false; message: string } => ({ ok: false, message });

/**
 * `created`, `updated` or `created,updated`; callRecords have no `deleted`
 * (libs/contracts/graph-reference/FACTS.md 2).
 */
export function parseChangeTypes(value: unknown): RuleResult<ChangeType[]> {
  if (typeof value !== 'string' || value.trim() === '') {
    return fail('changeType is required.');
  }
  const types = value.split(',').map((type) => type.trim());
  const unsupported = types.filter((type) => type !== 'created' && type !== 'updated');
  if (unsupported.length > 0) {
    return fail(`ChangeType '${unsupported.join(',')}' is not supported for resource callRecords.`);
  }
  return { ok: true, value: [...new Set(types as ChangeType[])] };
}

/** `/communications/callRecords`, optionally with the participant filter (eq, or, in). */
export function parseResource(value: unknown): RuleResult<string[] | undefined> {
  const match = typeof value === 'string' ? RESOURCE.exec(value.trim()) : null;
  if (!match) {
    return fail(`Resource '${String(value)}' is not supported; use /communications/callRecords.`);
  }
  const filter = match[1];
  if (filter === undefined) {
    return { ok: true, value: undefined };
  }
  const lambda = ANY_LAMBDA.exec(decodeURIComponent(filter).trim());
  const variable = lambda?.[1];
  const body = lambda?.[2];
  if (!variable || !body) {
    return fail(`Unsupported $filter '${filter}': use participants/any(p:p/id eq '{id}').`);
  }
  const ids: string[] = [];
  for (const clause of body.split(/\s+or\s+/i)) {
    const eq = new RegExp(`^${variable}/id\\s+eq\\s+'([^']+)'$`).exec(clause.trim());
    const inList = new RegExp(`^${variable}/id\\s+in\\s+\\((.+)\\)$`).exec(clause.trim());
    if (eq?.[1]) {
      ids.push(eq[1]);
    } else if (inList?.[1]) {
      ids.push(...inList[1].split(',').map((id) => id.trim().replace(/^'|'$/g, '')));
    } else {
      return fail(`Unsupported $filter clause '${clause}'.`);
    }
  }
  return { ok: true, value: ids };
}

export function isLoopbackHost(hostname: string): boolean {
  return ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(hostname.toLowerCase());
}

/**
 * https anywhere; http only to loopback (a simulator allowance, see libs/graph-client/README.md,
 * "Local authority").
 */
export function checkNotificationUrl(value: unknown, field: string): RuleResult<string> {
  if (typeof value !== 'string' || !URL.canParse(value)) {
    return fail(`${field} must be an absolute URL.`);
  }
  const url = new URL(value);
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    return { ok: true, value };
  }
  return fail(`${field} must use https.`);
}

/**
 * Over the maximum → error; under 45 minutes → raised to 45 minutes
 * (libs/contracts/graph-reference/FACTS.md 3).
 */
export function checkExpiration(value: unknown, now: number): RuleResult<string> {
  const at = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(at)) {
    return fail('expirationDateTime is required and must be a DateTimeOffset.');
  }
  if (at <= now) {
    return fail('Subscription expiration must be in the future.');
  }
  if (at > now + GRAPH_LIMITS.subscriptionMaxMinutes * MINUTE_MS) {
    return fail(
      `Subscription expiration can only be ${GRAPH_LIMITS.subscriptionMaxMinutes} minutes in the future.`,
    );
  }
  const minimum = now + GRAPH_LIMITS.subscriptionMinMinutes * MINUTE_MS;
  return { ok: true, value: new Date(Math.max(at, minimum)).toISOString() };
}

function checkClientState(value: unknown): RuleResult<string | null> {
  if (value === undefined || value === null) {
    return { ok: true, value: null };
  }
  if (typeof value !== 'string' || value.length > GRAPH_LIMITS.clientStateMaxLength) {
    return fail(
      `clientState must be a string of at most ${GRAPH_LIMITS.clientStateMaxLength} characters.`,
    );
  }
  return { ok: true, value };
}

function checkOptions(body: Record<string, unknown>): RuleResult<string> {
  if (body['includeResourceData'] === true) {
    return fail('includeResourceData is not supported for resource callRecords.');
  }
  const tls = body['latestSupportedTlsVersion'] ?? 'v1_2';
  if (typeof tls !== 'string' || !TLS_VERSIONS.includes(tls)) {
    return fail(`latestSupportedTlsVersion must be one of ${TLS_VERSIONS.join(', ')}.`);
  }
  return { ok: true, value: tls };
}

function checkUrls(
  body: Record<string, unknown>,
): RuleResult<{ notificationUrl: string; lifecycleNotificationUrl: string | null }> {
  const notificationUrl = checkNotificationUrl(body['notificationUrl'], 'notificationUrl');
  if (!notificationUrl.ok) {
    return notificationUrl;
  }
  if (body['lifecycleNotificationUrl'] === null || body['lifecycleNotificationUrl'] === undefined) {
    return {
      ok: true,
      value: { notificationUrl: notificationUrl.value, lifecycleNotificationUrl: null },
    };
  }
  const lifecycle = checkNotificationUrl(
    body['lifecycleNotificationUrl'],
    'lifecycleNotificationUrl',
  );
  return lifecycle.ok
    ? {
        ok: true,
        value: {
          notificationUrl: notificationUrl.value,
          lifecycleNotificationUrl: lifecycle.value,
        },
      }
    : lifecycle;
}

/** Validates a POST /subscriptions body for callRecords; returns the normalized request. */
export function validateSubscriptionRequest(
  body: unknown,
  now: number,
): RuleResult<SubscriptionRequest> {
  if (!isJsonObject(body)) {
    return fail('The request body must be a subscription object.');
  }
  const changeTypes = parseChangeTypes(body['changeType']);
  if (!changeTypes.ok) {
    return changeTypes;
  }
  const resource = parseResource(body['resource']);
  if (!resource.ok) {
    return resource;
  }
  const urls = checkUrls(body);
  if (!urls.ok) {
    return urls;
  }
  const expiration = checkExpiration(body['expirationDateTime'], now);
  if (!expiration.ok) {
    return expiration;
  }
  const clientState = checkClientState(body['clientState']);
  if (!clientState.ok) {
    return clientState;
  }
  const tls = checkOptions(body);
  if (!tls.ok) {
    return tls;
  }
  return {
    ok: true,
    value: {
      changeTypes: changeTypes.value,
      changeType: changeTypes.value.join(','),
      ...urls.value,
      resource: String(body['resource']),
      participantIds: resource.value,
      expirationDateTime: expiration.value,
      clientState: clientState.value,
      latestSupportedTlsVersion: tls.value,
    },
  };
}

/**
 * PATCH /subscriptions/{id}: expirationDateTime (and notificationUrl); lifecycleNotificationUrl is
 * create-only.
 */
export function validateRenewal(
  body: unknown,
  now: number,
): RuleResult<{ expirationDateTime: string | undefined; notificationUrl: string | undefined }> {
  if (!isJsonObject(body)) {
    return fail('The request body must be a subscription object.');
  }
  if ('lifecycleNotificationUrl' in body) {
    return fail('lifecycleNotificationUrl can only be set when the subscription is created.');
  }
  const expiration =
    body['expirationDateTime'] === undefined
      ? undefined
      : checkExpiration(body['expirationDateTime'], now);
  if (expiration && !expiration.ok) {
    return expiration;
  }
  const url =
    body['notificationUrl'] === undefined
      ? undefined
      : checkNotificationUrl(body['notificationUrl'], 'notificationUrl');
  if (url && !url.ok) {
    return url;
  }
  return {
    ok: true,
    value: { expirationDateTime: expiration?.value, notificationUrl: url?.value },
  };
}
