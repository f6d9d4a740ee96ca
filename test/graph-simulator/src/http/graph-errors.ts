import { randomUUID } from 'node:crypto';

import type { FastifyReply, FastifyRequest } from 'fastify';

// Graph's error body: { error: { code, message, innerError: { date, request-id, client-request-id } } }.

export function graphErrorBody(
  code: string,
  message: string,
  requestIds: { readonly requestId: string; readonly clientRequestId: string },
): Record<string, unknown> {
  return {
    error: {
      code,
      message,
      innerError: {
        date: new Date().toISOString().replace(/\.\d+Z$/, ''),
        'request-id': requestIds.requestId,
        'client-request-id': requestIds.clientRequestId,
      },
    },
  };
}

/** Sets Graph's request-id headers on the reply and returns them. */
export function requestIdsOf(
  request: FastifyRequest,
  reply: FastifyReply,
): { requestId: string; clientRequestId: string } {
  const existing = reply.getHeader('request-id');
  const requestId = typeof existing === 'string' ? existing : randomUUID();
  const header = request.headers['client-request-id'];
  const clientRequestId = typeof header === 'string' ? header : requestId;
  void reply.header('request-id', requestId).header('client-request-id', clientRequestId);
  return { requestId, clientRequestId };
}

export function sendGraphError(
  request: FastifyRequest,
  reply: FastifyReply,
  error: { readonly status: number; readonly code: string; readonly message: string },
): FastifyReply {
  const ids = requestIdsOf(request, reply);
  return reply.code(error.status).send(graphErrorBody(error.code, error.message, ids));
}

/** The Graph code Graph uses for a status, for injected faults. */
export function graphCodeFor(status: number): string {
  switch (status) {
    case 400:
      return 'BadRequest';
    case 401:
      return 'InvalidAuthenticationToken';
    case 403:
      return 'Forbidden';
    case 404:
      return 'NotFound';
    case 429:
      return 'TooManyRequests';
    case 503:
      return 'ServiceUnavailable';
    case 504:
      return 'GatewayTimeout';
    default:
      return 'UnknownError';
  }
}
