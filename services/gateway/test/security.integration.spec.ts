import { generateKeyPair, SignJWT } from 'jose';

import { createSimulator } from '@callrecords/graph-simulator';
import type { Simulator, StartedSimulator } from '@callrecords/graph-simulator';
import {
  aCallRecord,
  aDirectRoutingRow,
  aPstnCallRow,
  getTestEnv,
  uniqueName,
} from '@callrecords/testing';

import { buildDataset } from './dataset';
import type { Dataset } from './dataset';
import { at, ROLE_AGGREGATES, startHarness } from './gateway-harness';
import type { GatewayHarness, PageOf } from './gateway-harness';
import { seed } from './seed-documents';

const LIST = `{ callRecords(first: 100) { totalCount items { id type version } } }`;

describe('gateway security', () => {
  let simulator: Simulator;
  let started: StartedSimulator;
  let harness: GatewayHarness;
  let data: Dataset;
  let tokenA: string;
  let tokenB: string;
  let aggregatesA: string;

  beforeAll(async () => {
    simulator = createSimulator({ httpPort: 0 });
    started = await simulator.start();
    const env = getTestEnv();
    harness = await startHarness({
      issuer: { graphUrl: started.graphUrl, httpUrl: started.httpUrl ?? '', caPem: started.caPem },
      openSearchUrl: env.openSearchUrl,
      kafkaBrokers: env.kafkaBrokers,
      prefix: `${uniqueName('gws')}-`,
      env: { GATEWAY_MAX_DEPTH: '6', GATEWAY_MAX_COST: '1000', GATEWAY_MAX_PAGE_SIZE: '100' },
    });
    data = buildDataset(
      { aCallRecord, aPstnCallRow, aDirectRoutingRow },
      { a: started.tenantId, b: started.secondTenantId },
    );
    await seed(harness.openSearch, harness.prefix, data.items);
    [tokenA, tokenB, aggregatesA] = await Promise.all([
      harness.token({ tenantId: started.tenantId }),
      harness.token({ tenantId: started.secondTenantId }),
      harness.token({ tenantId: started.tenantId, roles: [ROLE_AGGREGATES] }),
    ]);
  });

  afterAll(async () => {
    await harness?.close();
    await simulator?.stop();
  });

  describe('authentication', () => {
    it('answers 401 UNAUTHENTICATED without a token', async () => {
      const response = await harness.graphql({ query: LIST });

      const counted = await harness.registry
        .getSingleMetric('callrecords_gateway_errors_total')
        ?.get();
      expect(response.status).toBe(401);
      expect(response.errors[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(response.data).toBeNull();
      expect(
        counted?.values.find((v) => v.labels['code'] === 'UNAUTHENTICATED')?.value,
      ).toBeGreaterThan(0);
    });

    it('answers 401 to an expired token', async () => {
      const expired = await harness.token({ tenantId: started.tenantId, expiresInSeconds: -3600 });

      const response = await harness.graphql({ query: LIST, token: expired });

      expect([response.status, response.errors[0]?.extensions?.code]).toEqual([
        401,
        'UNAUTHENTICATED',
      ]);
    });

    it('answers 401 to a token signed by another key', async () => {
      const { privateKey } = await generateKeyPair('RS256');
      const forged = await new SignJWT({ tid: started.tenantId, roles: ['CallRecords.Read.Full'] })
        .setProtectedHeader({ alg: 'RS256', kid: 'forged' })
        .setIssuer(`${started.graphUrl}/${started.tenantId}/v2.0`)
        .setAudience(harness.config.GATEWAY_AUTH_AUDIENCE)
        .setExpirationTime('1h')
        .sign(privateKey);

      const response = await harness.graphql({ query: LIST, token: forged });

      expect([response.status, response.errors[0]?.extensions?.code]).toEqual([
        401,
        'UNAUTHENTICATED',
      ]);
    });

    it('answers 401 to a token for another audience', async () => {
      const other = await harness.token({
        tenantId: started.tenantId,
        audience: 'api://someone-else',
      });

      const response = await harness.graphql({ query: LIST, token: other });

      expect(response.status).toBe(401);
    });

    it('answers 401 to a tampered token and to a malformed header', async () => {
      const [head, body] = tokenA.split('.');
      const tampered = `${head}.${body}x.${tokenA.split('.')[2]}`;

      const responses = await Promise.all([
        harness.graphql({ query: LIST, token: tampered }),
        harness.graphql({ query: LIST, authorization: 'Basic dXNlcjpwYXNz' }),
      ]);

      expect(responses.map((r) => r.status)).toEqual([401, 401]);
    });

    it('answers 403 FORBIDDEN to a valid token without a gateway role', async () => {
      const noRole = await harness.token({
        tenantId: started.tenantId,
        roles: ['CallRecords.Read.All'],
      });

      const response = await harness.graphql({ query: LIST, token: noRole });

      expect([response.status, response.errors[0]?.extensions?.code]).toEqual([403, 'FORBIDDEN']);
    });
  });

  describe('tenant isolation', () => {
    it('lists only the caller tenant records, with its own totals', async () => {
      const [a, b] = await Promise.all([
        harness.graphql({ query: LIST, token: tokenA }),
        harness.graphql({ query: LIST, token: tokenB }),
      ]);

      const ids = (r: typeof a) =>
        at<PageOf>(r.data, 'callRecords')
          .items.map((i) => i.id)
          .sort();
      expect(ids(a)).toEqual(data.a.records.map((d) => d.id).sort());
      expect(ids(b)).toEqual(data.b.records.map((d) => d.id).sort());
      expect(at(b.data, 'callRecords', 'totalCount')).toBe(data.b.records.length);
    });

    it('never returns another tenant record by id, even when both have that id', async () => {
      const onlyA = data.a.records[5]!.id;
      const query = `query($x: ID!, $y: ID!) { x: callRecord(id: $x) { id } y: callRecord(id: $y) { id version type } }`;

      const response = await harness.graphql({
        query,
        token: tokenB,
        variables: { x: onlyA, y: data.sharedId },
      });

      const shared = data.b.records.find((d) => d.id === data.sharedId)!;
      expect(response.data).toEqual({
        x: null,
        y: { id: data.sharedId, version: shared.version, type: shared.type },
      });
    });

    it('finds nothing when filtering on another tenant participant', async () => {
      const query = `{ callRecords(filter: { participantUserPrincipalName: "owen.franklin@contoso.com" }) { totalCount } }`;
      const tokenC = await harness.token({ tenantId: '00000000-0000-4000-8000-0000000000ff' });

      const response = await harness.graphql({ query, token: tokenC });

      expect(response.data).toEqual({ callRecords: { totalCount: 0 } });
    });

    it('refuses a cursor minted for another tenant', async () => {
      const first = await harness.graphql({
        query: `{ callRecords(first: 2) { pageInfo { endCursor } } }`,
        token: tokenA,
      });
      const cursor = at<string>(first.data, 'callRecords', 'pageInfo', 'endCursor');

      const response = await harness.graphql({
        query: `query($after: String) { callRecords(first: 2, after: $after) { items { id } } }`,
        variables: { after: cursor },
        token: tokenB,
      });

      expect([response.status, response.errors[0]?.extensions?.code]).toEqual([
        400,
        'BAD_USER_INPUT',
      ]);
    });

    it('refuses a cursor replayed with another filter, or edited', async () => {
      const first = await harness.graphql({
        query: `{ callRecords(first: 2) { pageInfo { endCursor } } }`,
        token: tokenA,
      });
      const cursor = at<string>(first.data, 'callRecords', 'pageInfo', 'endCursor');
      const query = `query($after: String, $f: CallRecordFilterInput) { callRecords(first: 2, after: $after, filter: $f) { items { id } } }`;

      const responses = await Promise.all([
        harness.graphql({
          query,
          variables: { after: cursor, f: { isPoor: true } },
          token: tokenA,
        }),
        harness.graphql({ query, variables: { after: `A${cursor}` }, token: tokenA }),
      ]);

      expect(responses.map((r) => r.errors[0]?.extensions?.code)).toEqual([
        'BAD_USER_INPUT',
        'BAD_USER_INPUT',
      ]);
    });

    it('scopes streams, report rows and rollups to the caller tenant', async () => {
      const query = `{ streams { totalCount } pstnCalls { totals { calls } } directRoutingCalls { totals { calls } }
        usageSeries(interval: HOUR, from: "2026-11-20T00:00:00Z", to: "2026-11-21T00:00:00Z") { calls } }`;

      const response = await harness.graphql({ query, token: tokenB });

      expect(response.data).toEqual({
        streams: { totalCount: data.b.streams.length },
        pstnCalls: { totals: { calls: data.b.pstnCalls.length } },
        directRoutingCalls: { totals: { calls: data.b.directRoutingCalls.length } },
        usageSeries: data.b.rollups
          .filter((r) => r.metric === 'calls')
          .map((r) => ({ calls: r.calls })),
      });
    });
  });

  describe('roles', () => {
    it('redacts personal fields for the aggregates role and keeps the counts', async () => {
      const query = `query($id: ID!) { callRecord(id: $id) { id participantCount organizer { id } participants { ids }
        joinWebUrl graphRecord sessions { caller { platform userPrincipalName userDisplayName userId } } } }`;

      const response = await harness.graphql({
        query,
        token: aggregatesA,
        variables: { id: data.a.records[0]!.id },
      });

      expect(response.errors).toEqual([]);
      expect(response.data?.['callRecord']).toEqual({
        id: data.a.records[0]!.id,
        participantCount: data.a.records[0]!.participantCount,
        organizer: null,
        participants: null,
        joinWebUrl: null,
        graphRecord: null,
        sessions: [
          {
            caller: {
              platform: 'android',
              userPrincipalName: null,
              userDisplayName: null,
              userId: null,
            },
          },
        ],
      });
    });

    it('redacts users and numbers of report rows for the aggregates role', async () => {
      const query = `{ pstnCalls(first: 1) { items { userPrincipalName userDisplayName callerNumber calleeNumber charge } } }`;

      const response = await harness.graphql({ query, token: aggregatesA });

      expect(at(response.data, 'pstnCalls', 'items', 0)).toMatchObject({
        userPrincipalName: null,
        userDisplayName: null,
        callerNumber: null,
        calleeNumber: null,
      });
    });

    it('refuses personal filters to the aggregates role', async () => {
      const query = `{ callRecords(filter: { participantPhoneNumber: "+1234567890" }) { totalCount } }`;

      const response = await harness.graphql({ query, token: aggregatesA });

      expect([response.status, response.errors[0]?.extensions?.code]).toEqual([403, 'FORBIDDEN']);
    });

    it('serves rollups to the aggregates role but not a per-user dimension', async () => {
      const range = 'interval: HOUR, from: "2026-11-20T00:00:00Z", to: "2026-11-21T00:00:00Z"';

      const [usage, perUser] = await Promise.all([
        harness.graphql({ query: `{ usageSeries(${range}) { calls } }`, token: aggregatesA }),
        harness.graphql({
          query: `{ pstnSeries(${range}, dimension: "user") { value } }`,
          token: aggregatesA,
        }),
      ]);

      expect(usage.errors).toEqual([]);
      expect(perUser.errors[0]?.extensions?.code).toBe('FORBIDDEN');
    });
  });

  describe('limits and errors', () => {
    it('refuses a query deeper than GATEWAY_MAX_DEPTH', async () => {
      const deep = `{ callRecords { items { sessions { segments { media { streams { streamId } } } } } } }`;

      const response = await harness.graphql({ query: deep, token: tokenA });

      expect([response.status, response.errors[0]?.extensions?.code]).toEqual([
        400,
        'LIMIT_EXCEEDED',
      ]);
    });

    it('refuses a query costing more than GATEWAY_MAX_COST', async () => {
      const costly = `{ callRecords(first: 100) { items { ${'id type version modalities startDateTime endDateTime '.repeat(1)} quality { isPoor poorReasons worstJitterMs } sessions { id } } } }`;

      const response = await harness.graphql({ query: costly, token: tokenA });

      expect([response.status, response.errors[0]?.extensions?.code]).toEqual([
        400,
        'LIMIT_EXCEEDED',
      ]);
    });

    it('refuses a page larger than GATEWAY_MAX_PAGE_SIZE', async () => {
      const response = await harness.graphql({
        query: `{ callRecords(first: 101) { totalCount } }`,
        token: tokenA,
      });

      expect(response.errors[0]).toMatchObject({
        extensions: { code: 'BAD_USER_INPUT' },
        message: '`first` must be between 1 and 100',
      });
    });

    it('disables introspection outside development mode', async () => {
      const response = await harness.graphql({
        query: `{ __schema { types { name } } }`,
        token: tokenA,
      });

      expect([response.status, response.errors[0]?.extensions?.code]).toEqual([
        400,
        'GRAPHQL_VALIDATION_FAILED',
      ]);
    });

    it('reports invalid input without internals', async () => {
      const response = await harness.graphql({
        query: `{ callRecords(filter: { from: "yesterday" }) { totalCount } }`,
        token: tokenA,
      });

      expect(response.errors).toEqual([
        {
          message: '`from` is not an ISO 8601 date-time',
          locations: [expect.anything()],
          path: ['callRecords'],
          extensions: { code: 'BAD_USER_INPUT' },
        },
      ]);
      expect(response.text).not.toMatch(/stack|opensearch|at \//i);
    });
  });
});
