import type { Authentication } from '../auth/token-verifier.service';

/** The GraphQL context of one operation (query or subscription). */
export interface GatewayContext {
  readonly auth: Authentication;
  /** Per-operation caches (DataLoaders) keyed by their owner. */
  readonly loaders: Map<symbol, unknown>;
}
