import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { decodeJwt } from 'jose';

import { NotYetAvailableError, PermanentError, RetryableError } from '@callrecords/contracts';
// The Graph simulator stands in for Graph and Entra (STYLE.md 2.13).
import {
  createSimulator,
  NO_ROLE_CLIENT_ID,
  NO_ROLE_CLIENT_SECRET,
} from '@callrecords/graph-simulator';
import type { Simulator, StartedSimulator } from '@callrecords/graph-simulator';
import { loadConfig } from '@callrecords/service-kit';

import type { GraphConfig } from './graph.config';
import { graphConfigSchema } from './graph.config';
import { createGraphClient } from './graph.client';
import { createTokenProvider } from './token-provider';

let simulator: Simulator;
let started: StartedSimulator;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'graph-client-'));
  simulator = createSimulator({ caFile: join(dir, 'ca.pem') });
  started = await simulator.start();
});

afterAll(async () => {
  await simulator.stop();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  simulator.reset();
});

function config(overrides: Record<string, string> = {}): GraphConfig {
  return loadConfig(graphConfigSchema, {
    GRAPH_TENANT_IDS: `${started.tenantId},${started.secondTenantId}`,
    GRAPH_CLIENT_ID: started.clientId,
    GRAPH_CLIENT_SECRET: started.clientSecret,
    GRAPH_AUTHORITY_HOST: started.authorityHost,
    GRAPH_BASE_URL: started.graphUrl,
    GRAPH_CA_FILE: join(dir, 'ca.pem'),
    ...overrides,
  });
}

function certificateConfig(thumbprint: string): GraphConfig {
  return config({
    GRAPH_CLIENT_SECRET: '',
    GRAPH_CLIENT_CERTIFICATE_KEY: started.clientCertificate.privateKeyPem,
    GRAPH_CLIENT_CERTIFICATE_THUMBPRINT: thumbprint,
  });
}

function aRecord(sessions: number, participants: number): Record<string, unknown> {
  return {
    id: 'rec-1',
    version: 3,
    type: 'groupCall',
    modalities: ['audio'],
    startDateTime: '2024-05-01T10:00:00Z',
    endDateTime: '2024-05-01T11:00:00Z',
    lastModifiedDateTime: '2024-05-01T11:20:00Z',
    sessions: Array.from({ length: sessions }, (_, index) => ({
      id: `s-${index}`,
      modalities: ['audio'],
      startDateTime: '2024-05-01T10:00:00Z',
      endDateTime: '2024-05-01T11:00:00Z',
      segments: [
        {
          id: `seg-${index}`,
          startDateTime: '2024-05-01T10:00:00Z',
          endDateTime: '2024-05-01T11:00:00Z',
        },
      ],
    })),
    participants_v2: Array.from({ length: participants }, (_, index) => ({ id: `p-${index}` })),
  };
}

describe('createTokenProvider', () => {
  it('gets a token from the simulator with a client secret', async () => {
    const tokens = createTokenProvider(config());

    const token = await tokens.getAccessToken(started.tenantId);

    expect(decodeJwt(token)).toMatchObject({ tid: started.tenantId, appidacr: '1' });
    tokens.close();
  });

  it.each([
    ['SHA-256', () => started.clientCertificate.thumbprintSha256],
    ['SHA-1', () => started.clientCertificate.thumbprintSha1],
  ])('gets a token with a certificate (%s thumbprint)', async (_name, thumbprint) => {
    const tokens = createTokenProvider(certificateConfig(thumbprint()));

    const token = await tokens.getAccessToken(started.secondTenantId);

    expect(decodeJwt(token)).toMatchObject({ tid: started.secondTenantId, appidacr: '2' });
    tokens.close();
  });

  it('reuses the cached token until it nears expiry', async () => {
    const tokens = createTokenProvider(config());

    const first = await tokens.getAccessToken(started.tenantId);
    const second = await tokens.getAccessToken(started.tenantId);

    expect(second).toBe(first);
    tokens.close();
  });

  it('renews a token that is within five minutes of expiry', async () => {
    const shortLived = createSimulator({
      tokenLifetimeSeconds: 200,
      caFile: join(dir, 'short-ca.pem'),
    });
    const short = await shortLived.start();
    const tokens = createTokenProvider(
      config({
        GRAPH_AUTHORITY_HOST: short.authorityHost,
        GRAPH_CA_FILE: join(dir, 'short-ca.pem'),
      }),
    );

    const first = await tokens.getAccessToken(started.tenantId);
    const second = await tokens.getAccessToken(started.tenantId);

    expect(second).not.toBe(first);
    tokens.close();
    await shortLived.stop();
  });

  it('throws PermanentError for a wrong secret', async () => {
    const tokens = createTokenProvider(config({ GRAPH_CLIENT_SECRET: 'wrong' }));

    await expect(tokens.getAccessToken(started.tenantId)).rejects.toBeInstanceOf(PermanentError);
    tokens.close();
  });
});

describe('createGraphClient', () => {
  it('reads a record with every page of sessions and participants_v2 merged', async () => {
    const record = aRecord(150, 300);
    simulator.seedCallRecord(record);
    const tokens = createTokenProvider(
      certificateConfig(started.clientCertificate.thumbprintSha256),
    );
    const graph = createGraphClient(config(), tokens);

    const fetched = await graph.getCallRecord(started.tenantId, 'rec-1');

    expect(fetched['sessions']).toEqual(record['sessions']);
    expect(fetched['participants_v2']).toEqual(record['participants_v2']);
    expect(Object.keys(fetched).filter((key) => key.endsWith('nextLink'))).toEqual([]);
    graph.close();
    tokens.close();
  });

  it('lists PSTN rows across pages and Direct Routing rows with `to` exclusive', async () => {
    const rows = Array.from({ length: 2100 }, (_, index) => ({
      id: `row-${String(index).padStart(4, '0')}`,
      startDateTime: new Date(Date.UTC(2024, 4, 1) + index * 1000).toISOString(),
    }));
    simulator.seedPstnCalls(rows);
    simulator.seedDirectRoutingCalls(rows);
    const tokens = createTokenProvider(config());
    const graph = createGraphClient(config(), tokens);
    const window = {
      from: new Date(Date.UTC(2024, 4, 1)),
      to: new Date(Date.UTC(2024, 4, 1) + 2099 * 1000),
    };

    const pstn = await graph.listPstnCalls(started.tenantId, window);
    const directRouting = await graph.listDirectRoutingCalls(started.tenantId, window);

    expect(pstn).toEqual(rows);
    expect(directRouting).toEqual(rows.slice(0, 2099));
    graph.close();
    tokens.close();
  });

  it('maps 429 with Retry-After to RetryableError carrying retryAfterMs', async () => {
    simulator.addFault({ kind: 'status', status: 429, retryAfterSeconds: 2.128 });
    const tokens = createTokenProvider(config());
    const graph = createGraphClient(config(), tokens);

    const failure = await graph
      .getCallRecord(started.tenantId, 'any')
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(RetryableError);
    expect((failure as RetryableError).retryAfterMs).toBe(2128);
    graph.close();
    tokens.close();
  });

  it('maps 404 to NotYetAvailableError', async () => {
    const tokens = createTokenProvider(config());
    const graph = createGraphClient(config(), tokens);

    await expect(graph.getCallRecord(started.tenantId, 'missing')).rejects.toBeInstanceOf(
      NotYetAvailableError,
    );
    graph.close();
    tokens.close();
  });

  it('maps 403 (app without the role) to PermanentError', async () => {
    const noRole = config({
      GRAPH_CLIENT_ID: NO_ROLE_CLIENT_ID,
      GRAPH_CLIENT_SECRET: NO_ROLE_CLIENT_SECRET,
      GRAPH_TENANT_IDS: started.tenantId,
    });
    const tokens = createTokenProvider(noRole);
    const graph = createGraphClient(noRole, tokens);

    await expect(graph.getCallRecord(started.tenantId, 'rec-1')).rejects.toBeInstanceOf(
      PermanentError,
    );
    graph.close();
    tokens.close();
  });

  it('maps an unreachable Graph to RetryableError', async () => {
    const offline = config({ GRAPH_BASE_URL: 'https://127.0.0.1:9' });
    const tokens = createTokenProvider(config());
    const graph = createGraphClient(offline, tokens);

    await expect(graph.getCallRecord(started.tenantId, 'rec-1')).rejects.toBeInstanceOf(
      RetryableError,
    );
    graph.close();
    tokens.close();
  });
});
