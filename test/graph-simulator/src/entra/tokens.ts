import { randomUUID } from 'node:crypto';

import { errors, exportJWK, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import type { CryptoKey, JSONWebKeySet, JWTPayload } from 'jose';

import { GRAPH_RESOURCE, GRAPH_RESOURCE_APP_ID } from '../simulator.constants';
import { signUserToken } from './user-tokens';
import type { UserToken, UserTokenRequest } from './user-tokens';

// App-only access tokens shaped like Entra's v1 tokens for Graph: RS256, `aud` Graph, `iss`
// https://sts.windows.net/{tid}/, `roles` from the app's consented application permissions.

export interface AccessTokenClaims {
  readonly tenantId: string;
  readonly clientId: string;
  readonly appDisplayName: string;
  readonly servicePrincipalId: string;
  readonly roles: readonly string[];
  /** 1 = client secret, 2 = certificate (Entra's `appidacr`). */
  readonly authMethod: '1' | '2';
}

export interface VerifiedToken {
  readonly tenantId: string;
  readonly clientId: string;
  readonly servicePrincipalId: string;
  readonly roles: readonly string[];
}

export type VerifyResult = { ok: true; token: VerifiedToken } | { ok: false; message: string };

export interface TokenService {
  issue(claims: AccessTokenClaims): Promise<{ accessToken: string; expiresIn: number }>;
  verify(accessToken: string): Promise<VerifyResult>;
  jwks(): JSONWebKeySet;
  /** A delegated user token for an API (the gateway), signed with the same JWKS key. */
  issueUser(authorityBase: string, request: UserTokenRequest): Promise<UserToken>;
}

function stringClaim(payload: JWTPayload, name: string): string {
  const value = payload[name];
  return typeof value === 'string' ? value : '';
}

export async function createTokenService(lifetimeSeconds: number): Promise<TokenService> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  const jwk = { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' };
  return {
    issue: (claims) => issueToken(privateKey, kid, { claims, lifetimeSeconds }),
    verify: (accessToken) => verifyToken(publicKey, accessToken),
    jwks: () => ({ keys: [jwk] }),
    issueUser: (authorityBase, request) =>
      signUserToken({ privateKey, kid }, authorityBase, request),
  };
}

async function issueToken(
  privateKey: CryptoKey,
  kid: string,
  input: { claims: AccessTokenClaims; lifetimeSeconds: number },
): Promise<{ accessToken: string; expiresIn: number }> {
  const { claims, lifetimeSeconds } = input;
  const now = Math.floor(Date.now() / 1000);
  const issuer = `https://sts.windows.net/${claims.tenantId}/`;
  const accessToken = await new SignJWT({
    app_displayname: claims.appDisplayName,
    appid: claims.clientId,
    appidacr: claims.authMethod,
    idp: issuer,
    idtyp: 'app',
    oid: claims.servicePrincipalId,
    roles: [...claims.roles],
    tid: claims.tenantId,
    uti: randomUUID().replace(/-/g, ''),
    ver: '1.0',
  })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
    .setIssuer(issuer)
    .setAudience(GRAPH_RESOURCE)
    .setSubject(claims.servicePrincipalId)
    .setIssuedAt(now)
    .setNotBefore(now - 300)
    .setExpirationTime(now + lifetimeSeconds)
    .sign(privateKey);
  return { accessToken, expiresIn: lifetimeSeconds };
}

async function verifyToken(publicKey: CryptoKey, accessToken: string): Promise<VerifyResult> {
  try {
    const { payload } = await jwtVerify(accessToken, publicKey, {
      algorithms: ['RS256'],
      clockTolerance: 300,
      audience: [GRAPH_RESOURCE, GRAPH_RESOURCE_APP_ID],
    });
    const tenantId = stringClaim(payload, 'tid');
    if (payload.iss !== `https://sts.windows.net/${tenantId}/`) {
      return { ok: false, message: 'Access token validation failure. Invalid issuer.' };
    }
    const roles = Array.isArray(payload['roles']) ? payload['roles'].map(String) : [];
    return {
      ok: true,
      token: {
        tenantId,
        clientId: stringClaim(payload, 'appid'),
        servicePrincipalId: stringClaim(payload, 'oid'),
        roles,
      },
    };
  } catch (error) {
    if (error instanceof errors.JWTExpired) {
      return { ok: false, message: 'Lifetime validation failed, the token is expired.' };
    }
    if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'aud') {
      return { ok: false, message: 'Access token validation failure. Invalid audience.' };
    }
    return { ok: false, message: 'Access token validation failure.' };
  }
}
