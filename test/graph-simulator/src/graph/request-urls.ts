import type { FastifyRequest } from 'fastify';

/** `https://127.0.0.1:4010/v1.0` as the caller reached us: links in responses point back the same way. */
export function versionUrlOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}/v1.0`;
}

/** The `Prefer` header as one string (several headers are joined). */
export function preferOf(request: FastifyRequest): string | undefined {
  const prefer = request.headers['prefer'];
  return Array.isArray(prefer) ? prefer.join(',') : prefer;
}
