import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeJwt } from 'jose';

import {
  DEMO_CLIENT_ID,
  DEMO_CLIENT_SECRET,
  DEMO_TENANT_ID,
  ROLE_CALL_RECORDS,
  ROLE_PSTN_CALLS,
  SECOND_TENANT_ID,
} from '../simulator.constants';
import type { TestSimulator } from '../testing/test-simulator';
import { startTestSimulator } from '../testing/test-simulator';

let sim: TestSimulator;

beforeAll(async () => {
  sim = await startTestSimulator();
});

afterAll(async () => {
  await sim.stop();
});

function tokenRequest(
  fields: Record<string, string>,
  tenantId = DEMO_TENANT_ID,
): Promise<Response> {
  return sim.call(`/${tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      scope: 'https://graph.microsoft.com/.default',
      ...fields,
    }),
  });
}

describe('Entra token endpoint', () => {
  it('issues an RS256 app token with tid, roles, Graph audience and a sts.windows.net issuer', async () => {
    const response = await tokenRequest({
      client_id: DEMO_CLIENT_ID,
      client_secret: DEMO_CLIENT_SECRET,
    });

    const body = (await response.json()) as {
      access_token: string;
      token_type: string;
      expires_in: number;
    };
    const claims = decodeJwt(body.access_token);
    expect(response.status).toBe(200);
    expect(body.token_type).toBe('Bearer');
    expect(claims).toMatchObject({
      aud: 'https://graph.microsoft.com',
      iss: `https://sts.windows.net/${DEMO_TENANT_ID}/`,
      tid: DEMO_TENANT_ID,
      appid: DEMO_CLIENT_ID,
      roles: [ROLE_CALL_RECORDS, ROLE_PSTN_CALLS],
    });
    expect(claims.exp).toBeGreaterThan(Date.now() / 1000);
  });

  it('issues tokens for a second tenant the app is consented in', async () => {
    const response = await tokenRequest(
      { client_id: DEMO_CLIENT_ID, client_secret: DEMO_CLIENT_SECRET },
      SECOND_TENANT_ID,
    );

    const body = (await response.json()) as { access_token: string };
    expect(decodeJwt(body.access_token)['tid']).toBe(SECOND_TENANT_ID);
  });

  it('answers a wrong secret with 401 invalid_client and AADSTS7000215', async () => {
    const response = await tokenRequest({ client_id: DEMO_CLIENT_ID, client_secret: 'wrong' });

    const body = (await response.json()) as {
      error: string;
      error_codes: number[];
      error_description: string;
    };
    expect(response.status).toBe(401);
    expect(body.error).toBe('invalid_client');
    expect(body.error_codes).toEqual([7000215]);
    expect(body.error_description).toMatch(/^AADSTS7000215: /);
  });

  it('answers an unknown client with 400 unauthorized_client and AADSTS700016', async () => {
    const response = await tokenRequest({
      client_id: '11111111-2222-4333-8444-555555555555',
      client_secret: 'x',
    });

    const body = (await response.json()) as { error: string; error_codes: number[] };
    expect(response.status).toBe(400);
    expect(body).toMatchObject({ error: 'unauthorized_client', error_codes: [700016] });
  });

  it('refuses a scope without /.default for client credentials', async () => {
    const response = await tokenRequest({
      client_id: DEMO_CLIENT_ID,
      client_secret: DEMO_CLIENT_SECRET,
      scope: 'https://graph.microsoft.com/CallRecords.Read.All',
    });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_scope', error_codes: [1002012] });
  });

  it('publishes an OpenID configuration whose token endpoint is its own', async () => {
    const response = await sim.call(`/${DEMO_TENANT_ID}/v2.0/.well-known/openid-configuration`);

    const body = (await response.json()) as { token_endpoint: string; jwks_uri: string };
    expect(body.token_endpoint).toBe(`${sim.started.httpUrl}/${DEMO_TENANT_ID}/oauth2/v2.0/token`);
    expect(body.jwks_uri).toContain('/discovery/v2.0/keys');
  });
});
