import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { CryptoKey, JWK } from 'jose';

import { ROLE_AGGREGATES, ROLE_ERASE, ROLE_FULL } from '../domain/access-policy';
import { createTokenVerifier } from './token-verifier.service';
import type { TokenVerifier } from './token-verifier.service';

const ISSUER = 'https://login.example/{tenantid}/v2.0';
const AUDIENCE = 'api://gateway';

// A hand-written identity provider: serves one JWKS, can be switched off.
function fakeProvider(jwk: JWK): { fetch: typeof fetch; up: boolean; calls: number } {
  const provider = {
    up: true,
    calls: 0,
    fetch: (() => {
      provider.calls += 1;
      return Promise.resolve(
        provider.up
          ? new Response(JSON.stringify({ keys: [jwk] }), {
              headers: { 'content-type': 'application/json' },
            })
          : new Response('down', { status: 503 }),
      );
    }) as typeof fetch,
  };
  return provider;
}

describe(createTokenVerifier.name, () => {
  let privateKey: CryptoKey;
  let provider: ReturnType<typeof fakeProvider>;
  let verifier: TokenVerifier;

  const sign = (
    claims: Record<string, unknown>,
    options: { tenant?: string; expiresIn?: string } = {},
  ) =>
    new SignJWT({ tid: options.tenant ?? 't1', oid: 'u1', ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(ISSUER.replace('{tenantid}', options.tenant ?? 't1'))
      .setAudience(AUDIENCE)
      .setExpirationTime(options.expiresIn ?? '1h')
      .sign(privateKey);

  beforeEach(async () => {
    const keys = await generateKeyPair('RS256', { extractable: true });
    privateKey = keys.privateKey;
    provider = fakeProvider({ ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'RS256' });
    verifier = createTokenVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      jwksUrl: 'https://login.example/common/discovery/v2.0/keys',
      clockToleranceSeconds: 0,
      fetch: provider.fetch,
    });
  });

  it('authenticates a valid token with the access its roles grant', async () => {
    const auth = await verifier.authenticate(`Bearer ${await sign({ roles: [ROLE_AGGREGATES] })}`);

    expect(auth).toMatchObject({
      kind: 'authenticated',
      principal: { objectId: 'u1', scope: { tenantId: 't1', access: 'aggregates' } },
    });
  });

  it.each([
    ['no header', undefined, { kind: 'anonymous' }],
    ['another scheme', 'Basic abc', { kind: 'invalid', reason: 'malformed' }],
    ['garbage', 'Bearer abc.def.ghi', { kind: 'invalid', reason: 'malformed' }],
  ])('reads %s as %j', async (_case, header, expected) => {
    expect(await verifier.authenticate(header)).toEqual(expected);
  });

  it('tells a token without a gateway role apart from an invalid one', async () => {
    const auth = await verifier.authenticate(`Bearer ${await sign({ roles: ['Other.Role'] })}`);

    expect(auth).toEqual({
      kind: 'no-role',
      tenantId: 't1',
      objectId: 'u1',
      roles: ['Other.Role'],
    });
  });

  it('keeps the roles and id of a token whose only role is the erasure role', async () => {
    const auth = await verifier.authenticate(`Bearer ${await sign({ roles: [ROLE_ERASE] })}`);

    expect(auth).toEqual({ kind: 'no-role', tenantId: 't1', objectId: 'u1', roles: [ROLE_ERASE] });
  });

  it('names an application token without oid by its app id', async () => {
    const token = await sign({ oid: undefined, appid: 'app-7', roles: [ROLE_ERASE] });

    expect(await verifier.authenticate(`Bearer ${token}`)).toMatchObject({ objectId: 'app-7' });
  });

  it('refuses an expired token', async () => {
    const token = await sign({ roles: [ROLE_FULL] }, { expiresIn: '-1m' });

    expect(await verifier.authenticate(`Bearer ${token}`)).toEqual({
      kind: 'invalid',
      reason: 'expired',
    });
  });

  it('refuses a token whose issuer names another tenant than its tid', async () => {
    const token = await new SignJWT({ tid: 't2', roles: [ROLE_FULL] })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(ISSUER.replace('{tenantid}', 't1'))
      .setAudience(AUDIENCE)
      .setExpirationTime('1h')
      .sign(privateKey);

    expect(await verifier.authenticate(`Bearer ${token}`)).toEqual({
      kind: 'invalid',
      reason: 'claims',
    });
  });

  it('keeps verifying with the keys it fetched when the provider goes down', async () => {
    const known = `Bearer ${await sign({ roles: [ROLE_FULL] })}`;
    await verifier.authenticate(known);
    provider.up = false;

    const other = await verifier.authenticate(
      `Bearer ${await sign({ roles: [ROLE_FULL] }, { tenant: 't3' })}`,
    );
    const again = await verifier.authenticate(known);

    expect([other.kind, again.kind]).toEqual(['authenticated', 'authenticated']);
    expect(provider.calls).toBe(1);
  });

  it('reports the keys unavailable when the provider never answered', async () => {
    provider.up = false;

    const auth = await verifier.authenticate(`Bearer ${await sign({ roles: [ROLE_FULL] })}`);

    expect(auth).toEqual({ kind: 'invalid', reason: 'unavailable' });
  });
});
