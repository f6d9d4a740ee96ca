import { createClient } from 'graphql-ws';
import type { Client } from 'graphql-ws';

import {
  AlertRaisedV1Definition,
  CallRecordFetchedV1Definition,
  createEvent,
  encodeEvent,
  prefixedTopic,
  TOPICS,
} from '@callrecords/contracts';
import type { AlertRaisedV1, CallRecordFetchedV1 } from '@callrecords/contracts';
import { createSimulator } from '@callrecords/graph-simulator';
import type { Simulator, StartedSimulator } from '@callrecords/graph-simulator';
import { createKafkaClient, createProducer } from '@callrecords/kafka';
import type { EventProducer } from '@callrecords/kafka';
import { createLogger } from '@callrecords/service-kit';
import {
  aCallRecord,
  aCallRecordFetched,
  getTestEnv,
  uniqueName,
  waitFor,
} from '@callrecords/testing';

import { at, startHarness } from './gateway-harness';
import type { GatewayHarness } from './gateway-harness';

interface Received {
  readonly values: unknown[];
  readonly errors: unknown[];
  dispose(): void;
}

function subscribe(client: Client, query: string): Received {
  const received: Received = {
    values: [],
    errors: [],
    dispose: client.subscribe(
      { query },
      {
        next: (value) => received.values.push(value.data),
        error: (error) => received.errors.push(error),
        complete: () => undefined,
      },
    ),
  };
  return received;
}

describe('gateway subscriptions', () => {
  let simulator: Simulator;
  let started: StartedSimulator;
  let harness: GatewayHarness;
  let producer: EventProducer;
  const clients: Client[] = [];

  const connect = (token: string | undefined): Client => {
    const client = createClient({
      url: `${harness.gateway.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: token === undefined ? {} : { authorization: `Bearer ${token}` },
      retryAttempts: 0,
      lazy: true,
    });
    clients.push(client);
    return client;
  };

  const recordEvent = (tenantId: string, id: string): CallRecordFetchedV1 => {
    const fetched = aCallRecordFetched(aCallRecord({ id, type: 'groupCall' }));
    return { ...fetched, id: crypto.randomUUID(), tenantId };
  };

  const alertEvent = (tenantId: string, key: string): AlertRaisedV1 =>
    createEvent(AlertRaisedV1Definition, {
      tenantId,
      correlationId: crypto.randomUUID(),
      occurredAt: new Date(),
      producedAt: new Date(),
      payload: {
        rule: 'poor-audio-stream-rate',
        ruleVersion: 1,
        key,
        window: { start: '2026-11-26T10:00:00.000Z', end: '2026-11-26T11:00:00.000Z' },
        severity: 'warning',
        details: { poorRate: 0.2 },
        raisedAt: '2026-11-26T11:00:01.000Z',
      },
    });

  const publish = async (
    records: CallRecordFetchedV1[],
    alerts: AlertRaisedV1[],
  ): Promise<void> => {
    const prefix = harness.config.KAFKA_TOPIC_PREFIX;
    await producer.send([
      ...records.map((event) => ({
        topic: prefixedTopic(TOPICS.records, prefix).name,
        key: `${event.tenantId}:${event.payload.callRecord.id}`,
        ...encodeEvent(CallRecordFetchedV1Definition, event),
      })),
      ...alerts.map((event) => ({
        topic: prefixedTopic(TOPICS.alerts, prefix).name,
        key: `${event.tenantId}:${event.payload.rule}`,
        ...encodeEvent(AlertRaisedV1Definition, event),
      })),
    ]);
  };

  beforeAll(async () => {
    simulator = createSimulator({ httpPort: 0 });
    started = await simulator.start();
    const env = getTestEnv();
    harness = await startHarness({
      issuer: { graphUrl: started.graphUrl, httpUrl: started.httpUrl ?? '', caPem: started.caPem },
      openSearchUrl: env.openSearchUrl,
      kafkaBrokers: env.kafkaBrokers,
      prefix: `${uniqueName('gwsub')}-`,
    });
    const logger = createLogger({ service: 'gateway-test', version: 'test', level: 'silent' });
    producer = createProducer(
      createKafkaClient(harness.config, { service: 'gateway-test', logger }),
    );
    await producer.connect();
  });

  afterAll(async () => {
    await Promise.all(clients.map(async (client) => client.dispose()));
    await producer?.disconnect();
    await harness?.close();
    await simulator?.stop();
  });

  it('streams call record events of the caller tenant only', async () => {
    const [tokenA, tokenB] = await Promise.all([
      harness.token({ tenantId: started.tenantId }),
      harness.token({ tenantId: started.secondTenantId }),
    ]);
    const query = `subscription { callRecordIndexed(filter: { types: ["groupCall"] }) { id version type modalities } }`;
    const a = subscribe(connect(tokenA), query);
    const b = subscribe(connect(tokenB), query);

    // The consumer starts at the latest offsets once its group is joined: publish until it is.
    await waitFor(
      async () => {
        await publish(
          [recordEvent(started.tenantId, 'rec-a'), recordEvent(started.secondTenantId, 'rec-b')],
          [],
        );
        return a.values.length > 0 && b.values.length > 0;
      },
      { timeoutMs: 30_000, intervalMs: 500, description: 'both subscribers got an event' },
    );

    const ids = (r: Received) => new Set(r.values.map((v) => at(v, 'callRecordIndexed', 'id')));
    expect(ids(a)).toEqual(new Set(['rec-a']));
    expect(ids(b)).toEqual(new Set(['rec-b']));
    expect(a.values[0]).toEqual({
      callRecordIndexed: { id: 'rec-a', version: 1, type: 'groupCall', modalities: ['audio'] },
    });
    a.dispose();
    b.dispose();
  });

  it('streams alerts of the caller tenant only', async () => {
    const tokenA = await harness.token({ tenantId: started.tenantId });
    const a = subscribe(
      connect(tokenA),
      `subscription { alertRaised { rule key severity windowStart details } }`,
    );

    await waitFor(
      async () => {
        await publish(
          [],
          [
            alertEvent(started.secondTenantId, 'subnet-b'),
            alertEvent(started.tenantId, 'subnet-a'),
          ],
        );
        return a.values.length > 0;
      },
      { timeoutMs: 30_000, intervalMs: 500, description: 'an alert' },
    );

    expect(new Set(a.values.map((v) => at(v, 'alertRaised', 'key')))).toEqual(
      new Set(['subnet-a']),
    );
    expect(a.values[0]).toEqual({
      alertRaised: {
        rule: 'poor-audio-stream-rate',
        key: 'subnet-a',
        severity: 'warning',
        windowStart: '2026-11-26T10:00:00.000Z',
        details: { poorRate: 0.2 },
      },
    });
    a.dispose();
  });

  it('refuses a subscription without a valid token', async () => {
    const anonymous = subscribe(connect(undefined), `subscription { alertRaised { rule } }`);

    await waitFor(() => anonymous.errors.length > 0, { description: 'the connection refused' });

    expect(anonymous.values).toEqual([]);
  });
});
