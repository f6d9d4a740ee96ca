import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastify from 'fastify';

import { registerControlRoutes } from '../control/control.routes';
import { registerEntraRoutes } from '../entra/entra.routes';
import { ENTRA_FAILURES, entraErrorBody } from '../entra/entra-errors';
import { registerCallRecordRoutes } from '../graph/call-records.routes';
import { guardGraphRequest, maybePrincipalOf } from '../graph/graph-guard';
import { registerSubscriptionRoutes } from '../graph/subscriptions.routes';
import type { SimulatorContext } from '../simulator-context';
import { sendGraphError } from './graph-errors';

// One Fastify app per listener (HTTPS, and optionally plain HTTP), all sharing the simulator context.

function addBodyParsers(app: FastifyInstance): void {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => {
      done(null, new URLSearchParams(String(body)));
    },
  );
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, (_request, body, done) => {
    done(null, body);
  });
  // Graph accepts an empty body with a JSON content type (e.g. POST …/reauthorize); Fastify would refuse it.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body);
    try {
      done(null, text.trim() === '' ? undefined : (JSON.parse(text) as unknown));
    } catch (error) {
      done(Object.assign(error as Error, { statusCode: 400 }), undefined);
    }
  });
}

function registerEntra(app: FastifyInstance, context: SimulatorContext): void {
  void app.register((entra, _options, done) => {
    entra.addHook('onRequest', (request, reply, next) => {
      const fault = context.faults.take(
        { target: 'entra', method: request.method, path: request.url.split('?')[0] ?? '' },
        Date.now(),
      );
      if (fault?.spec.kind === 'status') {
        const failure = ENTRA_FAILURES.injected(fault.spec.status);
        void reply.code(fault.spec.status).send(entraErrorBody(failure, new Date()));
        return;
      }
      const latency = fault?.spec.kind === 'latency' ? fault.spec.latencyMs : 0;
      setTimeout(next, latency);
    });
    registerEntraRoutes(entra, context);
    done();
  });
}

function registerGraph(app: FastifyInstance, context: SimulatorContext): void {
  void app.register(
    (graph, _options, done) => {
      graph.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
        await guardGraphRequest(context, request, reply);
        return reply.sent ? reply : undefined;
      });
      registerCallRecordRoutes(graph, context);
      registerSubscriptionRoutes(graph, context);
      graph.setNotFoundHandler((request, reply) =>
        sendGraphError(request, reply, {
          status: 400,
          code: 'BadRequest',
          message: `Resource not found for the segment '${request.url.split('?')[0] ?? ''}'.`,
        }),
      );
      done();
    },
    { prefix: '/v1.0' },
  );
}

export function buildApp(
  context: SimulatorContext,
  tls: { readonly key: string; readonly cert: string } | undefined,
): FastifyInstance {
  const common = {
    logger: false,
    bodyLimit: 200 * 1024 * 1024,
    forceCloseConnections: true,
  } as const;
  // The HTTPS and HTTP instances differ only in their server type; routes treat them alike.
  const app = (tls
    ? fastify({ ...common, https: tls })
    : fastify(common)) as unknown as FastifyInstance;
  addBodyParsers(app);
  app.addHook('onResponse', (request, reply, done) => {
    const principal = maybePrincipalOf(request);
    context.requests.add({
      at: new Date().toISOString(),
      method: request.method,
      path: request.url.split('?')[0] ?? request.url,
      route: request.routeOptions.url ?? '(unmatched)',
      status: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime),
      tenantId: principal?.tenantId,
      clientId: principal?.clientId,
    });
    done();
  });
  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    context.logger.warn({ err: error, path: request.url.split('?')[0] }, 'request failed');
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    return sendGraphError(request, reply, {
      status,
      code: status === 500 ? 'InternalServerError' : 'BadRequest',
      message: error.message,
    });
  });
  registerEntra(app, context);
  registerGraph(app, context);
  void app.register(
    (control, _options, done) => {
      registerControlRoutes(control, context);
      done();
    },
    { prefix: '/_sim' },
  );
  return app;
}
