import { randomUUID } from 'node:crypto';

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { generateDataset } from '../data/generator/dataset';
import { DEMO_TENANT_ID } from '../simulator.constants';
import type { SimulatorContext } from '../simulator-context';
import { isJsonObject } from '../simulator.types';
import { fireLifecycleEvent } from '../notifications/notifier';
import { LIFECYCLE_EVENTS } from '../notifications/payloads';
import type { LifecycleEvent } from '../notifications/payloads';
import { parseFault } from './faults';
import { scheduleGeneration } from './generation';
import { seedCallRecord } from './seeding';
import { describeSimulator } from './describe';

// The control API under /_sim/: seed data, inject faults, fire lifecycle events, read what happened.
// No authentication: the simulator listens on 127.0.0.1 only.

function tenantOf(request: FastifyRequest): string {
  const header = request.headers['x-sim-tenant'];
  return typeof header === 'string' && header.length > 0 ? header : DEMO_TENANT_ID;
}

function badRequest(reply: FastifyReply, message: string): FastifyReply {
  return reply.code(400).send({ error: { code: 'BadRequest', message } });
}

function registerDataRoutes(app: FastifyInstance, context: SimulatorContext): void {
  app.post('/callRecords', (request, reply) => {
    if (!isJsonObject(request.body) || typeof request.body['id'] !== 'string') {
      return badRequest(reply, 'body must be a callRecord with a string id');
    }
    return reply.code(201).send(seedCallRecord(context, tenantOf(request), request.body));
  });
  app.post('/pstnCalls', (request, reply) => {
    const body = request.body;
    if (!isJsonObject(body) || !Array.isArray(body['value'])) {
      return badRequest(reply, 'body must be { "value": [pstnCallLogRow, …] }');
    }
    return reply
      .code(201)
      .send({ stored: context.store.putPstnRows(tenantOf(request), body['value']) });
  });
  app.post('/directRoutingCalls', (request, reply) => {
    const body = request.body;
    if (!isJsonObject(body) || !Array.isArray(body['value'])) {
      return badRequest(reply, 'body must be { "value": [directRoutingLogRow, …] }');
    }
    return reply
      .code(201)
      .send({ stored: context.store.putDirectRoutingRows(tenantOf(request), body['value']) });
  });
  app.post('/generate', (request, reply) => {
    const body = isJsonObject(request.body) ? request.body : {};
    const dataset = generateDataset({
      seed: typeof body['seed'] === 'number' ? body['seed'] : 1,
      count: typeof body['count'] === 'number' ? body['count'] : 10,
      tenantId: tenantOf(request),
      now: typeof body['baseTime'] === 'string' ? new Date(body['baseTime']) : new Date(),
      withUpdates: body['withUpdates'] !== false,
    });
    const ratePerSecond =
      typeof body['ratePerSecond'] === 'number' ? body['ratePerSecond'] : undefined;
    scheduleGeneration(context, { tenantId: tenantOf(request), dataset, ratePerSecond });
    return reply.code(202).send({
      ids: dataset.records.map((record) => record.first['id']),
      updatedIds: dataset.records
        .filter((record) => record.update)
        .map((record) => record.first['id']),
      pstnRows: dataset.pstnRows.length,
      directRoutingRows: dataset.directRoutingRows.length,
    });
  });
}

function registerFaultRoutes(app: FastifyInstance, context: SimulatorContext): void {
  app.post('/faults', (request, reply) => {
    const parsed = parseFault(request.body, randomUUID(), Date.now());
    if (!parsed.ok) {
      return badRequest(reply, parsed.message);
    }
    context.faults.add(parsed.fault);
    return reply.code(201).send({ id: parsed.fault.id });
  });
  app.get('/faults', (_request, reply) =>
    reply.send({
      value: context.faults
        .list(Date.now())
        .map((fault) => ({ ...fault, pathPattern: fault.pathPattern?.source })),
    }),
  );
  app.delete('/faults', (_request, reply) => {
    context.faults.clear();
    return reply.code(204).send();
  });
}

function registerSubscriptionControl(app: FastifyInstance, context: SimulatorContext): void {
  app.post('/lifecycle', (request, reply) => {
    const body = isJsonObject(request.body) ? request.body : {};
    const event = body['lifecycleEvent'];
    const state = context.subscriptions.get(undefined, String(body['subscriptionId']), Date.now());
    if (!state) {
      return reply
        .code(404)
        .send({ error: { code: 'NotFound', message: 'no such live subscription' } });
    }
    if (!LIFECYCLE_EVENTS.includes(event as LifecycleEvent)) {
      return badRequest(reply, `lifecycleEvent must be one of ${LIFECYCLE_EVENTS.join(', ')}`);
    }
    if (!state.request.lifecycleNotificationUrl) {
      return badRequest(reply, 'the subscription has no lifecycleNotificationUrl');
    }
    fireLifecycleEvent(context, state, event as LifecycleEvent);
    return reply.code(202).send({ subscriptionId: state.id, lifecycleEvent: event });
  });
  app.post('/subscriptions/:id/expire', (request, reply) => {
    const { id } = request.params as { id: string };
    const state = context.subscriptions.get(undefined, id, Date.now());
    if (!state) {
      return reply
        .code(404)
        .send({ error: { code: 'NotFound', message: 'no such live subscription' } });
    }
    state.request = {
      ...state.request,
      expirationDateTime: new Date(Date.now() - 1).toISOString(),
    };
    return reply.code(204).send();
  });
  // Gone without a lifecycle notification, as when an administrator or another deployment deletes it.
  app.delete('/subscriptions/:id', (request, reply) => {
    const { id } = request.params as { id: string };
    return context.subscriptions.delete(id)
      ? reply.code(204).send()
      : reply.code(404).send({ error: { code: 'NotFound', message: 'no such subscription' } });
  });
  app.get('/subscriptions', (_request, reply) =>
    reply.send({
      value: context.subscriptions.list(undefined, Date.now()).map((state) => ({
        ...state,
        seen: [...state.seen],
      })),
    }),
  );
}

export function registerControlRoutes(app: FastifyInstance, context: SimulatorContext): void {
  registerDataRoutes(app, context);
  registerFaultRoutes(app, context);
  registerSubscriptionControl(app, context);
  app.get('/health', (_request, reply) =>
    reply.send({ status: 'ok', ...describeSimulator(context) }),
  );
  app.get('/ca.pem', (_request, reply) =>
    reply.type('application/x-pem-file').send(context.tls.caPem),
  );
  app.get('/deliveries', (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    return reply.send({ value: context.deliveries.query(query) });
  });
  app.get('/requests', (_request, reply) => reply.send(context.requests.snapshot()));
  app.post('/reset', (_request, reply) => {
    resetSimulator(context);
    return reply.code(204).send();
  });
}

/** Forgets data, subscriptions, deliveries, faults and requests; keeps keys, apps and certificates. */
export function resetSimulator(context: SimulatorContext): void {
  for (const timer of context.timers) {
    clearTimeout(timer);
  }
  context.timers.clear();
  context.dispatcher.stop();
  context.store.clear();
  context.subscriptions.clear();
  context.deliveries.clear();
  context.faults.clear();
  context.requests.clear();
  context.throttler.clear();
}
