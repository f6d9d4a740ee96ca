import { createRemoteJWKSet, customFetch, errors, jwtVerify } from 'jose';
import type { JWTPayload } from 'jose';
import { z } from 'zod';

import { ConfigError } from '@callrecords/service-kit';

import { accessOf } from '../domain/access-policy';
import { tenantScope } from '../domain/tenant-scope';
import type { TenantScope } from '../domain/tenant-scope';

/** The caller behind a valid token. */
export interface Principal {
  readonly scope: TenantScope;
  /** `oid`, else `sub`, else `appid`/`azp` of the token: an id, never a name. */
  readonly objectId: string;
  readonly roles: readonly string[];
}

/** A valid token without a read role: it may still carry a role of its own (CallRecords.Erase). */
export interface RolelessCaller {
  readonly tenantId: string;
  readonly objectId: string;
  readonly roles: readonly string[];
}

/** What the Authorization header amounts to; guards decide what each case may do. */
export type Authentication =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'invalid'; readonly reason: InvalidTokenReason }
  | ({ readonly kind: 'no-role' } & RolelessCaller)
  | { readonly kind: 'authenticated'; readonly principal: Principal };

export type InvalidTokenReason = 'malformed' | 'expired' | 'signature' | 'claims' | 'unavailable';

export interface TokenVerifier {
  authenticate(authorization: string | undefined): Promise<Authentication>;
}

export interface TokenVerifierOptions {
  /** `https://…/{tenantid}/v2.0` accepts every tenant whose tokens carry that issuer. */
  readonly issuer: string;
  readonly audience: string;
  readonly jwksUrl: string | undefined;
  readonly clockToleranceSeconds: number;
  readonly fetch: typeof fetch;
}

const TENANT_PLACEHOLDER = '{tenantid}';
const DiscoverySchema = z.object({ jwks_uri: z.url() });

/**
 * Validates bearer tokens against an OpenID issuer and its JWKS (Entra ID, or the simulator): RS256
 * signature, `exp`/`nbf`, `aud`, `iss` (per tenant for a `{tenantid}` issuer), `tid`. Keys are
 * fetched on first use and refreshed when a token names an unknown `kid` (key rollover).
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const multiTenant = options.issuer.includes(TENANT_PLACEHOLDER);
  if (multiTenant && options.jwksUrl === undefined) {
    throw new ConfigError([
      { key: 'GATEWAY_AUTH_JWKS_URL', message: 'required with a {tenantid} issuer' },
    ]);
  }
  let keys: ReturnType<typeof createRemoteJWKSet> | undefined;
  const verified = new Map<string, CachedAuthentication>();
  const jwks = async (): Promise<ReturnType<typeof createRemoteJWKSet>> => {
    const url = options.jwksUrl ?? (await discoverJwksUrl(options.issuer, options.fetch));
    keys ??= createRemoteJWKSet(new URL(url), { [customFetch]: options.fetch });
    return keys;
  };
  return {
    async authenticate(authorization) {
      if (authorization === undefined) {
        return { kind: 'anonymous' };
      }
      // A header seen before is found as sent, before any parsing: the bearer pattern over a
      // kilobyte of token was a visible share of a cached request's CPU in the gateway's profile.
      const cached = verified.get(authorization);
      if (cached !== undefined && cached.untilMs > Date.now()) {
        return cached.auth;
      }
      const token = bearerOf(authorization);
      if (token === undefined) {
        return invalid('malformed');
      }
      try {
        const { payload } = await jwtVerify(token, await jwks(), {
          algorithms: ['RS256'],
          audience: options.audience,
          clockTolerance: options.clockToleranceSeconds,
          requiredClaims: ['exp', 'iss', 'tid'],
        });
        const auth = toAuthentication(payload, options.issuer);
        remember(verified, authorization, { auth, untilMs: cacheUntilMs(payload) });
        return auth;
      } catch (error) {
        return invalid(reasonOf(error));
      }
    },
  };
}

// Verified tokens are remembered until they expire (at most a few minutes): an RS256 check per
// request costs a crypto thread-pool hop. Only successful verifications are cached.
const CACHE_MAX_ENTRIES = 10_000;
const CACHE_MAX_MS = 5 * 60_000;

interface CachedAuthentication {
  readonly auth: Authentication;
  readonly untilMs: number;
}

function cacheUntilMs(payload: JWTPayload): number {
  const expiresMs = (payload.exp ?? 0) * 1000;
  return Math.min(expiresMs, Date.now() + CACHE_MAX_MS);
}

// Keyed by the Authorization header as sent (it holds the token and nothing else).
function remember(
  cache: Map<string, CachedAuthentication>,
  header: string,
  entry: CachedAuthentication,
): void {
  if (entry.auth.kind === 'invalid') {
    return;
  }
  if (cache.size >= CACHE_MAX_ENTRIES) {
    // Oldest first (Map keeps insertion order).
    const oldest = cache.keys().next();
    if (oldest.done !== true) {
      cache.delete(oldest.value);
    }
  }
  cache.set(header, entry);
}

function invalid(reason: InvalidTokenReason): Authentication {
  return { kind: 'invalid', reason };
}

function bearerOf(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(authorization?.trim() ?? '');
  return match?.[1];
}

async function discoverJwksUrl(issuer: string, fetchFn: typeof fetch): Promise<string> {
  const response = await fetchFn(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!response.ok) {
    throw new Error(`openid discovery answered ${response.status}`);
  }
  return DiscoverySchema.parse(await response.json()).jwks_uri;
}

function toAuthentication(payload: JWTPayload, issuer: string): Authentication {
  const tenantId = typeof payload['tid'] === 'string' ? payload['tid'] : '';
  if (tenantId === '' || payload.iss !== issuer.replace(TENANT_PLACEHOLDER, tenantId)) {
    return invalid('claims');
  }
  const roles = Array.isArray(payload['roles']) ? payload['roles'].map(String) : [];
  const access = accessOf(roles);
  const objectId = callerIdOf(payload);
  if (access === undefined) {
    return { kind: 'no-role', tenantId, objectId, roles };
  }
  return {
    kind: 'authenticated',
    principal: { scope: tenantScope(tenantId, access), objectId, roles },
  };
}

/** The caller's id: the object id of the user or app, else the subject, else the app id. */
function callerIdOf(payload: JWTPayload): string {
  for (const claim of ['oid', 'sub', 'appid', 'azp']) {
    const value = payload[claim];
    if (typeof value === 'string' && value !== '') {
      return value;
    }
  }
  return '';
}

function reasonOf(error: unknown): InvalidTokenReason {
  if (error instanceof errors.JWTExpired) {
    return 'expired';
  }
  if (
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JWKSNoMatchingKey
  ) {
    return 'signature';
  }
  if (error instanceof errors.JWTClaimValidationFailed || error instanceof errors.JWTInvalid) {
    return 'claims';
  }
  // A bare JOSEError (ERR_JOSE_GENERIC) is jose failing to get the JWKS (non-200, not JSON).
  if (
    error instanceof errors.JOSEError &&
    !(error instanceof errors.JWKSTimeout) &&
    error.code !== 'ERR_JOSE_GENERIC'
  ) {
    return 'malformed';
  }
  // JWKS unreachable (or a discovery failure): the token may be fine; still 401, logged by reason.
  return 'unavailable';
}
