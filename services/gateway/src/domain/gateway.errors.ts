// The gateway's own failures, raised by guards, resolvers and domain code. Each kind maps to one
// stable `extensions.code` (error-codes.ts); the message is safe to show to any caller.

export type GatewayFailureKind =
  'unauthenticated' | 'forbidden' | 'badInput' | 'notFound' | 'limitExceeded';

export class GatewayError extends Error {
  constructor(
    readonly kind: GatewayFailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'GatewayError';
  }
}

export const unauthenticated = (message = 'a valid bearer token is required'): GatewayError =>
  new GatewayError('unauthenticated', message);
export const forbidden = (message: string): GatewayError => new GatewayError('forbidden', message);
export const badInput = (message: string): GatewayError => new GatewayError('badInput', message);
export const limitExceeded = (message: string): GatewayError =>
  new GatewayError('limitExceeded', message);
