import { decodeEvent, PersonErasureRequestedV1Definition } from '@callrecords/contracts';
import type { PersonErasureRequestedV1 } from '@callrecords/contracts';
import { createKafkaClient, readPartitions } from '@callrecords/kafka';
import { createLogger } from '@callrecords/service-kit';
import { waitFor } from '@callrecords/testing';

import { at, ROLE_ERASE, ROLE_FULL, startGatewayWithIssuer } from './gateway-harness';
import type { GatewayWithIssuer } from './gateway-harness';

const ERASE = `mutation Erase($user: String!, $reason: String) {
  erasePerson(user: $user, reason: $reason) { requestId status requestedAt }
}`;
const ADMIN_OID = '5a1c2d3e-4f50-4617-8293-a4b5c6d7e8f9';

interface ReadRequest {
  readonly key: string;
  readonly event: PersonErasureRequestedV1;
}

describe('erasePerson (admin mutation)', () => {
  let world: GatewayWithIssuer;

  beforeAll(async () => {
    world = await startGatewayWithIssuer('gwe');
    // The request producer connects in the background: readiness says when it is there.
    await waitFor(
      async () => (await fetch(`${world.harness.gateway.url}/health/ready`)).status === 200,
      { timeoutMs: 60_000, description: 'gateway ready (OpenSearch and the request producer)' },
    );
  });

  afterAll(async () => {
    await world?.harness.close();
    await world?.simulator.stop();
  });

  async function requestsOnTopic(): Promise<ReadRequest[]> {
    const { config } = world.harness;
    const kafka = createKafkaClient(config, {
      service: 'gateway-test',
      logger: createLogger({ service: 'gateway-test', version: 'test', level: 'silent' }),
    });
    const found: ReadRequest[] = [];
    await readPartitions(kafka, `${config.KAFKA_TOPIC_PREFIX}callrecords.erasure-requests.v1`, {
      onMessage: (message) =>
        found.push({
          key: message.key?.toString() ?? '',
          event: decodeEvent(
            PersonErasureRequestedV1Definition,
            message.value ?? Buffer.alloc(0),
            {},
          ),
        }),
    });
    return found;
  }

  it('refuses a token with every read role but not the erasure role', async () => {
    const token = await world.harness.token({
      tenantId: world.started.tenantId,
      roles: [ROLE_FULL, 'CallRecords.Read.Aggregates'],
    });

    const response = await world.harness.graphql({
      query: ERASE,
      variables: { user: 'adele.vance@contoso.com' },
      token,
    });

    expect(response.errors.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(response.text).not.toContain('adele.vance');
  });

  it('gives the erasure role no read access', async () => {
    const token = await world.harness.token({
      tenantId: world.started.tenantId,
      roles: [ROLE_ERASE],
    });

    const response = await world.harness.graphql({
      query: '{ callRecords(first: 1) { totalCount } }',
      token,
    });

    expect(response.errors.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('refuses an identifier that is neither a user id, a UPN nor a number, without echoing it', async () => {
    const token = await world.harness.token({
      tenantId: world.started.tenantId,
      roles: [ROLE_ERASE],
    });

    const response = await world.harness.graphql({
      query: ERASE,
      variables: { user: 'Adele Vance' },
      token,
    });

    expect(response.errors.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(response.text).not.toContain('Adele');
  });

  it('produces the request with the tenant and the id of the token, and answers ACCEPTED', async () => {
    const token = await world.harness.token({
      tenantId: world.started.secondTenantId,
      roles: [ROLE_ERASE],
      objectId: ADMIN_OID,
    });

    const response = await world.harness.graphql({
      query: ERASE,
      variables: { user: '+1 425 555 0100', reason: 'ticket 4711' },
      token,
    });

    expect(response.errors).toEqual([]);
    const answer = at<{ requestId: string; status: string; requestedAt: string }>(
      response.data,
      'erasePerson',
    );
    expect(answer.status).toBe('ACCEPTED');
    const requests = await requestsOnTopic();
    expect(requests.map((r) => [r.key, r.event.tenantId, r.event.payload])).toEqual([
      [
        `${world.started.secondTenantId}:${answer.requestId}`,
        world.started.secondTenantId,
        {
          requestId: answer.requestId,
          identifier: '+1 425 555 0100',
          requestedBy: ADMIN_OID,
          requestedAt: answer.requestedAt,
          reason: 'ticket 4711',
        },
      ],
    ]);
  });
});
