import { decodeJwt, exportJWK, generateKeyPair, importJWK, jwtVerify } from 'jose';

import {
  DEFAULT_GATEWAY_AUDIENCE,
  GATEWAY_ROLE_FULL,
  parseUserTokenRequest,
  signUserToken,
} from './user-tokens';

describe(signUserToken.name, () => {
  it('signs an Entra v2-shaped user token verifiable with the public key', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });

    const token = await signUserToken({ privateKey, kid: 'k1' }, 'https://127.0.0.1:4010', {
      tenantId: 't1',
      roles: [GATEWAY_ROLE_FULL],
    });

    const key = await importJWK(await exportJWK(publicKey), 'RS256');
    const { payload, protectedHeader } = await jwtVerify(token.accessToken, key, {
      issuer: 'https://127.0.0.1:4010/t1/v2.0',
      audience: DEFAULT_GATEWAY_AUDIENCE,
    });
    expect(protectedHeader).toMatchObject({ alg: 'RS256', kid: 'k1' });
    expect(payload).toMatchObject({ tid: 't1', roles: [GATEWAY_ROLE_FULL], ver: '2.0' });
  });

  it('mints an already expired token on request', async () => {
    const { privateKey } = await generateKeyPair('RS256');

    const token = await signUserToken({ privateKey, kid: 'k1' }, 'https://x', {
      tenantId: 't1',
      roles: [],
      expiresInSeconds: -600,
    });

    expect(decodeJwt(token.accessToken).exp).toBeLessThan(Date.now() / 1000);
  });
});

describe(parseUserTokenRequest.name, () => {
  it('defaults to the full role and the given tenant', () => {
    expect(parseUserTokenRequest({}, 'demo')).toEqual({
      ok: true,
      request: { tenantId: 'demo', roles: [GATEWAY_ROLE_FULL] },
    });
  });

  it.each([
    [{ roles: 'x' }, /roles/],
    [{ expiresInSeconds: 1.5 }, /expiresInSeconds/],
  ])('refuses %j', (body, message) => {
    const parsed = parseUserTokenRequest(body, 'demo');

    expect(parsed.ok ? '' : parsed.message).toMatch(message);
  });
});
