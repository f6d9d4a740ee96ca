import { randomUUID } from 'node:crypto';

import { SignJWT } from 'jose';
import type { CryptoKey } from 'jose';

// Delegated (user) access tokens for an API registered in Entra, shaped like Entra's v2 tokens: RS256
// signed with the simulator's JWKS key, `iss` https://{host}/{tid}/v2.0 (the issuer the OpenID
// configuration advertises), `aud` the API's app id, `tid`, `oid`, `roles` (app roles assigned to the
// user). The gateway validates them exactly as it validates Entra's.

/** The app id of the callrecords GraphQL gateway in the simulator's Entra (GATEWAY_AUTH_AUDIENCE). */
export const DEFAULT_GATEWAY_AUDIENCE = '00000000-0000-4000-8000-0000000000a1';
/** The gateway's app roles: participants and numbers, or rollups and counts only. */
export const GATEWAY_ROLE_FULL = 'CallRecords.Read.Full';
export const GATEWAY_ROLE_AGGREGATES = 'CallRecords.Read.Aggregates';

export interface UserTokenRequest {
  readonly tenantId: string;
  /** The user's object id; a fixed demo user when absent. */
  readonly objectId?: string;
  readonly roles: readonly string[];
  /** Default DEFAULT_GATEWAY_AUDIENCE. */
  readonly audience?: string;
  /** Seconds until `exp`; negative mints an already expired token (default 3,599). */
  readonly expiresInSeconds?: number;
  readonly name?: string;
}

export interface UserToken {
  readonly accessToken: string;
  readonly expiresIn: number;
  readonly issuer: string;
}

export const DEMO_USER_OBJECT_ID = '00000000-0000-4000-8000-0000000000e1';

/** Signs a user token with `privateKey` (the JWKS key, `kid`) for an authority at `authorityBase`. */
export async function signUserToken(
  key: { readonly privateKey: CryptoKey; readonly kid: string },
  authorityBase: string,
  request: UserTokenRequest,
): Promise<UserToken> {
  const now = Math.floor(Date.now() / 1000);
  const expiresIn = request.expiresInSeconds ?? 3599;
  const issuer = `${authorityBase}/${request.tenantId}/v2.0`;
  const objectId = request.objectId ?? DEMO_USER_OBJECT_ID;
  const accessToken = await new SignJWT({
    tid: request.tenantId,
    oid: objectId,
    roles: [...request.roles],
    name: request.name ?? 'Demo User',
    scp: 'access_as_user',
    uti: randomUUID().replace(/-/g, ''),
    ver: '2.0',
  })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.kid })
    .setIssuer(issuer)
    .setAudience(request.audience ?? DEFAULT_GATEWAY_AUDIENCE)
    .setSubject(objectId)
    .setIssuedAt(Math.min(now, now + expiresIn - 60))
    .setNotBefore(Math.min(now, now + expiresIn - 60) - 300)
    .setExpirationTime(now + expiresIn)
    .sign(key.privateKey);
  return { accessToken, expiresIn, issuer };
}

/** Parses the body of `POST /_sim/tokens`; a message when it is not a valid request. */
export function parseUserTokenRequest(
  body: unknown,
  defaultTenantId: string,
): { ok: true; request: UserTokenRequest } | { ok: false; message: string } {
  const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const roles = input['roles'] ?? [GATEWAY_ROLE_FULL];
  if (!Array.isArray(roles) || !roles.every((role) => typeof role === 'string')) {
    return { ok: false, message: 'roles must be an array of strings' };
  }
  const expires = input['expiresInSeconds'];
  if (expires !== undefined && (typeof expires !== 'number' || !Number.isInteger(expires))) {
    return { ok: false, message: 'expiresInSeconds must be an integer' };
  }
  const text = (name: string): string | undefined =>
    typeof input[name] === 'string' && input[name] !== '' ? input[name] : undefined;
  return {
    ok: true,
    request: {
      tenantId: text('tenantId') ?? defaultTenantId,
      roles: roles,
      ...(text('objectId') === undefined ? {} : { objectId: text('objectId') }),
      ...(text('audience') === undefined ? {} : { audience: text('audience') }),
      ...(text('name') === undefined ? {} : { name: text('name') }),
      ...(expires === undefined ? {} : { expiresInSeconds: expires }),
    },
  };
}
