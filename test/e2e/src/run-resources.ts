// What the pipeline e2e specs share around a run: a Kafka client, the Graph settings of a simulator,
// GraphQL through the gateway with a simulator token, and removing what a run created.
import { createKafkaClient } from '@callrecords/kafka';
import type { Kafka } from '@callrecords/kafka';
import { createLogger } from '@callrecords/service-kit';
import { waitFor } from '@callrecords/testing';

/** What these helpers need of a started Graph simulator (its type lives in a tool project). */
interface StartedSimulator {
  /** The control API (`/_sim`); set whenever the simulator was started with an HTTP port. */
  readonly httpUrl?: string | undefined;
  readonly graphUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/** A quiet Kafka client for reading a run's topics. */
export function runKafka(brokers: readonly string[], service: string): Kafka {
  return createKafkaClient(
    {
      KAFKA_BROKERS: [...brokers],
      KAFKA_SSL: false,
      KAFKA_TOPIC_PREFIX: '',
      KAFKA_CONNECTION_TIMEOUT_MS: 5_000,
    },
    { service, logger: createLogger({ service, version: 'test', level: 'silent' }) },
  );
}

/** The fetcher's and ingestion's Graph settings against the simulator. */
export function graphEnvOf(
  started: StartedSimulator,
  options: { readonly tenantIds: readonly string[]; readonly caFile: string },
): Record<string, string> {
  return {
    GRAPH_TENANT_IDS: options.tenantIds.join(','),
    GRAPH_CLIENT_ID: started.clientId,
    GRAPH_CLIENT_SECRET: started.clientSecret,
    GRAPH_AUTHORITY_HOST: started.graphUrl,
    GRAPH_BASE_URL: started.graphUrl,
    GRAPH_CA_FILE: options.caFile,
  };
}

/** Waits until ingestion holds `count` subscriptions at the simulator. */
export async function waitForSubscriptions(
  started: StartedSimulator,
  count: number,
): Promise<void> {
  await waitFor(
    async () => {
      const subs = (await (
        await fetch(`${String(started.httpUrl)}/_sim/subscriptions`)
      ).json()) as {
        value: unknown[];
      };
      return subs.value.length >= count;
    },
    { timeoutMs: 60_000, description: `${count} subscription(s) from ingestion` },
  );
}

/** A GraphQL answer (as JSON text) for a simulator token of `tenantId` with `roles`. */
export async function graphqlAs(
  target: { readonly started: StartedSimulator; readonly gatewayUrl: string | undefined },
  caller: {
    readonly tenantId: string;
    readonly roles: readonly string[];
    /** The token's `oid` (the simulator's demo user by default). */
    readonly objectId?: string;
  },
  query: string,
): Promise<string> {
  const tokens = await fetch(`${String(target.started.httpUrl)}/_sim/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(caller),
  });
  const { accessToken } = (await tokens.json()) as { accessToken: string };
  const response = await fetch(`${target.gatewayUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({ query }),
  });
  return JSON.stringify(await response.json());
}

/** Deletes only what a run created: its indexes and topics, under its unique prefixes. */
export async function removeRunResources(
  kafka: Kafka,
  run: {
    readonly openSearchUrl: string;
    readonly topicPrefix: string;
    readonly indexPrefix: string;
  },
): Promise<void> {
  await fetch(`${run.openSearchUrl}/${run.indexPrefix}*`, { method: 'DELETE' }).catch(
    () => undefined,
  );
  const mine = await runTopics(kafka, run.topicPrefix);
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: mine }).catch(() => undefined);
  await admin.disconnect();
}

/** Every topic a run created (its unique prefix). */
export async function runTopics(kafka: Kafka, topicPrefix: string): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.listTopics()).filter((t) => t.startsWith(topicPrefix));
  } finally {
    await admin.disconnect();
  }
}
