import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import {
  NO_ROLE_CLIENT_ID,
  NO_ROLE_CLIENT_SECRET,
  PSTN_ONLY_CLIENT_ID,
  PSTN_ONLY_CLIENT_SECRET,
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

const LIST = '/v1.0/communications/callRecords';
const PSTN =
  '/v1.0/communications/callRecords/getPstnCalls(fromDateTime=2024-01-01,toDateTime=2024-01-02)';

describe('Graph authorization', () => {
  it('answers a request without a bearer token with 401 InvalidAuthenticationToken', async () => {
    const response = await sim.call(LIST);

    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty.' },
    });
  });

  it('answers a forged token with 401 InvalidAuthenticationToken', async () => {
    const token = await sim.token();
    const [header, payload] = token.split('.');

    const response = await sim.graph(LIST, { token: `${header}.${payload}.c2lnbmF0dXJl` });

    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'InvalidAuthenticationToken' } });
  });

  it('answers a token without CallRecords.Read.All with 403 Forbidden', async () => {
    const token = await sim.token({ clientId: NO_ROLE_CLIENT_ID, secret: NO_ROLE_CLIENT_SECRET });

    const response = await sim.graph(LIST, { token });

    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: 'Forbidden' } });
    expect(response.headers.get('request-id')).toBeTruthy();
  });

  it('lets CallRecord-PstnCalls.Read.All read the PSTN report but not call records', async () => {
    const token = await sim.token({
      clientId: PSTN_ONLY_CLIENT_ID,
      secret: PSTN_ONLY_CLIENT_SECRET,
    });

    const report = await sim.graph(PSTN, { token });
    const records = await sim.graph(LIST, { token });

    expect(report.status).toBe(200);
    expect(records.status).toBe(403);
  });

  it('rejects a PSTN window longer than 90 days with 400', async () => {
    const response = await sim.graph(
      '/v1.0/communications/callRecords/getPstnCalls(fromDateTime=2024-01-01,toDateTime=2024-06-01)',
    );

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'BadRequest' } });
  });

  it('answers an unknown call record with 404 NotFound', async () => {
    const response = await sim.graph(`${LIST}/00000000-0000-0000-0000-00000000abcd`);

    expect(response.status).toBe(404);
  });
});
