import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { sendGraphError } from '../http/graph-errors';
import { GRAPH_LIMITS, ROLE_CALL_RECORDS } from '../simulator.constants';
import type { SimulatorContext } from '../simulator-context';
import { validateEndpoint } from '../subscriptions/handshake';
import type { SubscriptionState } from '../subscriptions/subscription-registry';
import { toSubscriptionResource } from '../subscriptions/subscription-registry';
import { validateRenewal, validateSubscriptionRequest } from '../subscriptions/subscription-rules';
import { hasRole, principalOf } from './graph-guard';
import { versionUrlOf } from './request-urls';

// /v1.0/subscriptions for callRecords: create (with the validation handshake), get, list, renew,
// reauthorize, delete.

function badRequest(request: FastifyRequest, reply: FastifyReply, message: string): FastifyReply {
  return sendGraphError(request, reply, { status: 400, code: 'InvalidRequest', message });
}

function findOwn(
  context: SimulatorContext,
  request: FastifyRequest,
  reply: FastifyReply,
): SubscriptionState | undefined {
  const { id } = request.params as { id: string };
  const principal = principalOf(request);
  const found = context.subscriptions.get(principal.tenantId, id, Date.now());
  // An app sees only the subscriptions it created (application permissions).
  const state = found?.applicationId === principal.clientId ? found : undefined;
  if (!state) {
    void sendGraphError(request, reply, {
      status: 404,
      code: 'ResourceNotFound',
      message: `The subscription '${id}' was not found.`,
    });
  }
  return state;
}

async function createSubscription(
  context: SimulatorContext,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  if (!hasRole(request, reply, [ROLE_CALL_RECORDS])) {
    return reply;
  }
  const principal = principalOf(request);
  const checked = validateSubscriptionRequest(request.body, Date.now());
  if (!checked.ok) {
    return badRequest(request, reply, checked.message);
  }
  if (
    context.subscriptions.count(principal.tenantId, Date.now()) >= GRAPH_LIMITS.subscriptionQuota
  ) {
    return sendGraphError(request, reply, {
      status: 403,
      code: 'ExtensionError',
      message: `Subscription quota exceeded: at most ${GRAPH_LIMITS.subscriptionQuota} callRecords subscriptions per organization.`,
    });
  }
  // Graph validates both URLs, even when they are the same (libs/contracts/graph-reference/FACTS.md
  // section 7).
  const urls = [checked.value.notificationUrl, checked.value.lifecycleNotificationUrl].filter(
    (url): url is string => url !== null,
  );
  for (const url of urls) {
    const handshake = await validateEndpoint(url, {
      timeoutMs: context.settings.validationTimeoutMs,
      deliveries: context.deliveries,
    });
    if (!handshake.ok) {
      return badRequest(request, reply, handshake.message);
    }
  }
  const state = context.subscriptions.add({
    tenantId: principal.tenantId,
    applicationId: principal.clientId,
    creatorId: principal.servicePrincipalId,
    request: checked.value,
  });
  return reply.code(201).send(toSubscriptionResource(state, versionUrlOf(request)));
}

async function renewSubscription(
  context: SimulatorContext,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const state = findOwn(context, request, reply);
  if (!state) {
    return reply;
  }
  const checked = validateRenewal(request.body, Date.now());
  if (!checked.ok) {
    return badRequest(request, reply, checked.message);
  }
  const { expirationDateTime, notificationUrl } = checked.value;
  if (notificationUrl && notificationUrl !== state.request.notificationUrl) {
    const handshake = await validateEndpoint(notificationUrl, {
      timeoutMs: context.settings.validationTimeoutMs,
      deliveries: context.deliveries,
    });
    if (!handshake.ok) {
      return badRequest(request, reply, handshake.message);
    }
  }
  state.request = {
    ...state.request,
    expirationDateTime: expirationDateTime ?? state.request.expirationDateTime,
    notificationUrl: notificationUrl ?? state.request.notificationUrl,
  };
  // A PATCH also reauthorizes (libs/contracts/graph-reference/FACTS.md section 4).
  state.needsReauthorization = false;
  return reply.send(toSubscriptionResource(state, versionUrlOf(request)));
}

export function registerSubscriptionRoutes(app: FastifyInstance, context: SimulatorContext): void {
  app.post('/subscriptions', (request, reply) => createSubscription(context, request, reply));
  app.get('/subscriptions', (request, reply) => {
    // Graph lists the calling app's subscriptions only (all of them in the tenant, app-only auth).
    const principal = principalOf(request);
    const states = context.subscriptions
      .list(principal.tenantId, Date.now())
      .filter((state) => state.applicationId === principal.clientId);
    return reply.send({
      '@odata.context': `${versionUrlOf(request)}/$metadata#subscriptions`,
      value: states.map(({ id, ...rest }) => {
        const { '@odata.context': _context, ...resource } = toSubscriptionResource(
          { id, ...rest },
          versionUrlOf(request),
        );
        return resource;
      }),
    });
  });
  app.get('/subscriptions/:id', (request, reply) => {
    const state = findOwn(context, request, reply);
    return state ? reply.send(toSubscriptionResource(state, versionUrlOf(request))) : reply;
  });
  app.patch('/subscriptions/:id', (request, reply) => renewSubscription(context, request, reply));
  app.post('/subscriptions/:id/reauthorize', (request, reply) => {
    const state = findOwn(context, request, reply);
    if (state) {
      state.needsReauthorization = false;
      return reply.code(204).send();
    }
    return reply;
  });
  app.delete('/subscriptions/:id', (request, reply) => {
    const state = findOwn(context, request, reply);
    if (state) {
      context.subscriptions.delete(state.id);
      return reply.code(204).send();
    }
    return reply;
  });
}
