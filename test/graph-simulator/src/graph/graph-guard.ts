import { setTimeout as delay } from 'node:timers/promises';

import type { FastifyReply, FastifyRequest } from 'fastify';

import type { VerifiedToken } from '../entra/tokens';
import { graphCodeFor, requestIdsOf, sendGraphError } from '../http/graph-errors';
import type { SimulatorContext } from '../simulator-context';
import type { LimitRule, ThrottlingRules } from './throttling';

// What runs before every Graph route: injected faults, bearer-token validation, documented
// throttling.

const principals = new WeakMap<FastifyRequest, VerifiedToken>();

/** The caller of a Graph request (set by `guardGraphRequest`). */
export function principalOf(request: FastifyRequest): VerifiedToken {
  const principal = principals.get(request);
  if (!principal) {
    throw new Error('no principal: the Graph guard did not run');
  }
  return principal;
}

/** Injected faults first: a test that asks for a 429 gets it whatever the token. */
async function applyFault(
  context: SimulatorContext,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<boolean> {
  const path = request.url.split('?')[0] ?? request.url;
  const fault = context.faults.take({ target: 'graph', method: request.method, path }, Date.now());
  if (fault?.spec.kind === 'latency') {
    await delay(fault.spec.latencyMs);
    return false;
  }
  if (fault?.spec.kind !== 'status') {
    return false;
  }
  if (fault.spec.retryAfterSeconds !== undefined) {
    void reply.header('retry-after', String(fault.spec.retryAfterSeconds));
  }
  const message = fault.spec.status === 429 ? 'Too many requests.' : 'Injected fault.';
  void sendGraphError(request, reply, {
    status: fault.spec.status,
    code: graphCodeFor(fault.spec.status),
    message,
  });
  return true;
}

function throttleKeys(
  rules: ThrottlingRules,
  token: VerifiedToken,
  path: string,
): Array<{ key: string; rule: LimitRule }> {
  const app = `${token.tenantId}:${token.clientId}`;
  const keys: Array<{ key: string; rule: LimitRule }> = [
    { key: `app-all-tenants:${token.clientId}`, rule: rules.perApp },
    { key: `app:${app}`, rule: rules.perAppPerTenant },
  ];
  const record = /\/communications\/callRecords\/([^/(]+)(?:\/|$)/.exec(path)?.[1];
  if (/get(Pstn|DirectRouting)Calls/.test(path)) {
    keys.push({ key: `reports:${app}`, rule: rules.reportsPerAppPerTenant });
  } else if (record) {
    keys.push({
      key: `record:${token.tenantId}:${record}`,
      rule: rules.perCallRecord,
    });
  } else if (/\/communications\/callRecords$/.test(path)) {
    keys.push({ key: `list:${app}`, rule: rules.listCallRecords });
  }
  return keys;
}

export async function guardGraphRequest(
  context: SimulatorContext,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  requestIdsOf(request, reply);
  if (await applyFault(context, request, reply)) {
    return;
  }
  const header = request.headers.authorization ?? '';
  const bearer = /^Bearer\s+(.+)$/i.exec(header)?.[1];
  if (!bearer) {
    void sendGraphError(request, reply, {
      status: 401,
      code: 'InvalidAuthenticationToken',
      message: 'Access token is empty.',
    });
    return;
  }
  const verified = await context.tokens.verify(bearer);
  if (!verified.ok) {
    void sendGraphError(request, reply, {
      status: 401,
      code: 'InvalidAuthenticationToken',
      message: verified.message,
    });
    return;
  }
  principals.set(request, verified.token);
  if (!context.settings.throttling) {
    return;
  }
  const path = request.url.split('?')[0] ?? request.url;
  const retryAfterMs = context.throttler.admit(
    throttleKeys(context.settings.throttlingRules, verified.token, path),
    Date.now(),
  );
  if (retryAfterMs !== undefined) {
    void reply.header('retry-after', String(Math.ceil(retryAfterMs / 1000)));
    void sendGraphError(request, reply, {
      status: 429,
      code: 'TooManyRequests',
      message: 'Too many requests.',
    });
  }
}

/**
 * 403 unless the token carries one of the roles (application permissions,
 * libs/contracts/graph-reference/FACTS.md 16).
 */
export function hasRole(
  request: FastifyRequest,
  reply: FastifyReply,
  roles: readonly string[],
): boolean {
  const principal = principalOf(request);
  if (principal.roles.some((role) => roles.includes(role))) {
    return true;
  }
  void sendGraphError(request, reply, {
    status: 403,
    code: 'Forbidden',
    message: `Insufficient privileges to complete the operation. Requires one of: ${roles.join(', ')}.`,
  });
  return false;
}

/** The caller when the guard accepted the token (for the request log). */
export function maybePrincipalOf(request: FastifyRequest): VerifiedToken | undefined {
  return principals.get(request);
}
