// Personal data through the whole pipeline (README "Personal data"): two tenants, one in pseudonymous
// mode, records and report rows full of distinctive names, numbers and addresses, five services at
// debug. No log line may carry any of them; no topic or index may carry the pseudonymous tenant's.
import { createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { decodeEvent, ProcessingFailedV1Definition } from '@callrecords/contracts';
import { createSimulator } from '@callrecords/graph-simulator';
import type { Simulator, StartedSimulator } from '@callrecords/graph-simulator';
import { readTopicSnapshot } from '@callrecords/kafka';
import type { Kafka } from '@callrecords/kafka';
import {
  aCallRecord,
  aDirectRoutingRow,
  aPstnCallRow,
  getTestEnv,
  uniqueName,
  waitFor,
} from '@callrecords/testing';

import {
  graphEnvOf,
  graphqlAs,
  removeRunResources,
  runKafka,
  runTopics,
  waitForSubscriptions,
} from './src/run-resources';
import { startPipeline } from './src/service-process';
import type { ServiceProcess } from './src/service-process';

const SECRET = 'e2e-pseudonym-secret-of-32-chars!!';
// A session id that makes its streams' document ids longer than OpenSearch's 512 bytes.
const UNINDEXABLE_SESSION_ID = `dead-letter-${'0'.repeat(500)}`;

/** The people of one tenant's call: every value is distinctive, so a grep cannot hit by chance. */
function peopleOf(tag: string, digit: string) {
  return {
    callerName: `${tag} Quillfeather`,
    callerUpn: `${tag.toLowerCase()}.quillfeather@contoso.com`,
    callerId: `aaaaaaaa-${digit}111-4bbb-8ccc-00000000000${digit}`,
    calleeName: `${tag} Wobblebottom`,
    calleeUpn: `${tag.toLowerCase()}.wobblebottom@contoso.com`,
    calleeId: `aaaaaaaa-${digit}222-4bbb-8ccc-00000000000${digit}`,
    callerMachine: `${tag.toUpperCase()}-LAPTOP`,
    calleeMachine: `${tag.toUpperCase()}-DESKTOP`,
    ip: `10.${digit}7.66.55`,
    mac: `5e-7a-${digit}1-22-33-44`,
    phone: `+49151${digit}2340001`,
    otherPhone: `+49151${digit}2340002`,
  };
}
type People = ReturnType<typeof peopleOf>;

const clear = peopleOf('Ermintrude', '1');
const pseudonymous = peopleOf('Zebedee', '2');

// The Graph example's call, its people replaced by ours, with a MAC address and a phone participant.
function recordFor(people: People) {
  const text = JSON.stringify(aCallRecord())
    .replaceAll('Abbie Wilkins', people.callerName)
    .replaceAll('abbie.wilkins@contoso.com', people.callerUpn)
    .replaceAll('821809f5-0000-0000-0000-3b5136c0e777', people.callerId)
    .replaceAll('Owen Franklin', people.calleeName)
    .replaceAll('owen.franklin@contoso.com', people.calleeUpn)
    .replaceAll('f69e2c00-0000-0000-0000-185e5f5f5d8a', people.calleeId)
    .replaceAll('machineName_2', people.callerMachine)
    .replaceAll('machineName_4', people.calleeMachine)
    .replaceAll(
      '"ipAddress":"10.150.0.2"',
      `"ipAddress":"${people.ip}","macAddress":"${people.mac}"`,
    );
  const record = JSON.parse(text) as ReturnType<typeof aCallRecord>;
  const phone = { id: people.phone, identity: { phone: { id: people.phone } } };
  return { ...record, participants_v2: [...(record.participants_v2 ?? []), phone] };
}

function unindexable(people: People) {
  const record = recordFor(people);
  const sessions = (record.sessions ?? []).map((session) => ({
    ...session,
    id: UNINDEXABLE_SESSION_ID,
  }));
  return { ...record, id: 'f0f0f0f0-dead-4000-8000-00000000dead', sessions };
}

function rowsFor(people: People, startMs: number) {
  const times = {
    startDateTime: new Date(startMs).toISOString(),
    endDateTime: new Date(startMs + 219_000).toISOString(),
  };
  const user = {
    userId: people.callerId,
    userPrincipalName: people.callerUpn,
    userDisplayName: people.callerName,
    callerNumber: people.phone,
    calleeNumber: people.otherPhone,
  };
  return {
    pstn: aPstnCallRow({ ...user, ...times, id: `${people.callerId.slice(0, 9)}pstn` }),
    directRouting: aDirectRoutingRow({ ...user, ...times, id: `${people.callerId.slice(0, 9)}dr` }),
  };
}

// Computed here from the formula in the README, not with the fetcher's code.
function pseudonymOf(tenantId: string, value: string): string {
  const key = createHmac('sha256', SECRET).update(`callrecords-pseudonym-v1:${tenantId}`).digest();
  const mac = createHmac('sha256', key).update(value.toLowerCase()).digest('base64url');
  return `pn-${mac.slice(0, 22)}`;
}

function valuesOf(people: People): string[] {
  return Object.values(people);
}

describe('personal data end to end', () => {
  let simulator: Simulator;
  let started: StartedSimulator;
  let kafka: Kafka;
  const services: ServiceProcess[] = [];
  const topicPrefix = `${uniqueName('privacy')}.`;
  const indexPrefix = `${uniqueName('privacy')}-`;
  const env = getTestEnv();

  async function indexedDocuments(): Promise<{ _index: string; _source: unknown }[]> {
    const response = await fetch(`${env.openSearchUrl}/${indexPrefix}*/_search?size=10000`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: { match_all: {} } }),
    });
    const body = (await response.json()) as {
      hits?: { hits: { _index: string; _source: unknown }[] };
    };
    return body.hits?.hits ?? [];
  }

  // Every value of every topic of the run; a dead letter's original bytes decoded from base64.
  async function topicContents(): Promise<Map<string, string>> {
    const topics = await runTopics(kafka, topicPrefix);
    const contents = new Map<string, string>();
    for (const topic of topics) {
      contents.set(topic, await topicText(topic));
    }
    return contents;
  }

  async function topicText(topic: string): Promise<string> {
    const snapshot = await readTopicSnapshot(kafka, topic);
    const values = [...snapshot.values()].map((entry) => {
      if (!topic.endsWith('.dlq.v1')) {
        return entry.value.toString('utf8');
      }
      const failed = decodeEvent(ProcessingFailedV1Definition, entry.value, entry.headers);
      const original = failed.payload.originalValueBase64 ?? '';
      return Buffer.from(original, 'base64').toString('utf8');
    });
    return values.join('\n');
  }

  beforeAll(async () => {
    const caFile = join(mkdtempSync(join(tmpdir(), 'callrecords-privacy-')), 'ca.pem');
    simulator = createSimulator({ httpPort: 0, caFile });
    started = await simulator.start();
    // Rows first: the poller reads each window once it is due, then only on re-polls.
    const rowsStartMs = Date.now() - 3_600_000;
    for (const [tenantId, people] of [
      [started.tenantId, clear],
      [started.secondTenantId, pseudonymous],
    ] as const) {
      const rows = rowsFor(people, rowsStartMs);
      simulator.seedPstnCalls([rows.pstn], tenantId);
      simulator.seedDirectRoutingCalls([rows.directRouting], tenantId);
    }
    kafka = runKafka(env.kafkaBrokers, 'privacy-test');
    const common = {
      KAFKA_BROKERS: env.kafkaBrokers.join(','),
      OPENSEARCH_URL: env.openSearchUrl,
      KAFKA_TOPIC_PREFIX: topicPrefix,
      OPENSEARCH_INDEX_PREFIX: indexPrefix,
      LOG_LEVEL: 'debug',
    };
    const graph = graphEnvOf(started, {
      tenantIds: [started.tenantId, started.secondTenantId],
      caFile,
    });
    const fetcher = {
      FETCHER_PSEUDONYMOUS_TENANTS: started.secondTenantId,
      FETCHER_PSEUDONYM_SECRET: SECRET,
      FETCHER_REPORTS_HISTORY_START: new Date(Date.now() - 3 * 3_600_000).toISOString(),
      FETCHER_REPORTS_LAG_MINUTES: '0',
      FETCHER_REPORTS_POLL_INTERVAL_SECONDS: '1',
      FETCHER_REPORTS_REPOLL_INTERVAL_MINUTES: '0.05',
    };
    await startPipeline(
      {
        common,
        graph,
        fetcher,
        // Both tenants sign in (Entra multi-tenant issuer).
        authIssuer: `${started.graphUrl}/{tenantid}/v2.0`,
        gateway: { GATEWAY_AUTH_JWKS_URL: `${started.graphUrl}/common/discovery/v2.0/keys` },
        caFile,
      },
      services,
    );
    await waitForSubscriptions(started, 2);
    simulator.seedCallRecord(recordFor(clear), started.tenantId);
    simulator.seedCallRecord(recordFor(pseudonymous), started.secondTenantId);
    // Document ids OpenSearch refuses (over 512 bytes): the indexer dead-letters these two records,
    // so its DLQ holds their original bytes.
    simulator.seedCallRecord(unindexable(clear), started.tenantId);
    simulator.seedCallRecord(unindexable(pseudonymous), started.secondTenantId);
    // Records, streams, PSTN and Direct Routing rows of both tenants indexed.
    const kinds = ['records', 'streams', 'pstn-calls', 'directrouting-calls'];
    const tenants = [started.tenantId, started.secondTenantId];
    let seen: string[] = [];
    await waitFor(
      async () => {
        const docs = await indexedDocuments();
        seen = [
          ...new Set(
            docs.map(
              (d) =>
                `${d._index.replace(indexPrefix, '')} ${String((d._source as { tenantId?: string }).tenantId)}`,
            ),
          ),
        ];
        return kinds.every((kind) =>
          tenants.every((tenant) =>
            docs.some(
              (d) =>
                d._index.includes(`callrecords-${kind}`) &&
                (d._source as { tenantId?: string }).tenantId === tenant,
            ),
          ),
        );
      },
      { timeoutMs: 180_000, intervalMs: 1_000, description: 'both tenants indexed' },
    ).catch((error: unknown) => {
      const logs = services.map((s) => `--- ${s.name}\n${s.logs().slice(-10).join('\n')}`);
      throw new Error(`${String(error)}; indexed: ${seen.join(', ')}\n${logs.join('\n')}`);
    });
  }, 420_000);

  afterAll(async () => {
    await Promise.all(services.map((service) => service.stop()));
    await simulator?.stop();
    // Only what this run created, under its unique prefixes.
    await removeRunResources(kafka, { openSearchUrl: env.openSearchUrl, topicPrefix, indexPrefix });
  }, 60_000);

  it('writes no personal value of the pseudonymous tenant to any index', async () => {
    const docs = await indexedDocuments();
    const text = JSON.stringify(docs.filter((d) => !d._index.includes('rollup')));
    const rollups = JSON.stringify(docs.filter((d) => d._index.includes('rollup')));

    for (const value of valuesOf(pseudonymous)) {
      expect({ value, indexed: text.includes(value) || rollups.includes(value) }).toEqual({
        value,
        indexed: false,
      });
    }
    // The clear tenant shows the grep finds what is there.
    expect(text).toContain(clear.callerName);
    expect(text).toContain(clear.callerUpn);
  });

  it('writes no personal value of the pseudonymous tenant to any topic, dead letters included', async () => {
    // Both unindexable records in the indexer's DLQ: the clear tenant's shows the bytes are read.
    let dlq = '';
    await waitFor(
      async () => {
        dlq = await topicText(`${topicPrefix}callrecords.indexer.dlq.v1`);
        const both = [started.tenantId, started.secondTenantId].every((t) => dlq.includes(t));
        return both && dlq.includes(clear.callerUpn) && dlq.includes(UNINDEXABLE_SESSION_ID);
      },
      { timeoutMs: 120_000, intervalMs: 2_000, description: 'the dead letters of the indexer' },
    ).catch((error: unknown) => {
      const logs = services.map((s) => `--- ${s.name}\n${s.logs().slice(-10).join('\n')}`);
      throw new Error(`${String(error)}; indexer DLQ: ${dlq.slice(0, 300)}\n${logs.join('\n')}`);
    });
    const contents = await topicContents();
    const all = [...contents.values()].join('\n');

    for (const value of valuesOf(pseudonymous)) {
      const leaks = [...contents].filter(([, text]) => text.includes(value)).map(([t]) => t);
      expect({ value, leaks }).toEqual({ value, leaks: [] });
    }
    expect(all).toContain(clear.callerUpn);
  }, 240_000);

  it('groups the pseudonymous tenant per pseudonymous user and per subnet', async () => {
    const docs = (await indexedDocuments()).map((d): Record<string, unknown> => ({
      index: d._index,
      ...(d._source as Record<string, unknown>),
    }));
    const ofTenant = docs.filter((d) => d['tenantId'] === started.secondTenantId);
    const caller = pseudonymOf(started.secondTenantId, pseudonymous.callerId);
    const record = ofTenant.find((d) => String(d['index']).includes('callrecords-records'));
    const pstn = ofTenant.find((d) => String(d['index']).includes('callrecords-pstn-calls'));
    const stream = ofTenant.find((d) => String(d['index']).includes('callrecords-streams'));

    expect(record?.['participantIds']).toEqual(expect.arrayContaining([caller]));
    expect(pstn?.['userId']).toBe(caller);
    expect(pstn?.['userPrincipalName']).toBe(
      pseudonymOf(started.secondTenantId, pseudonymous.callerUpn),
    );
    // The example's stream runs from the caller's side: its network is the caller's subnet.
    expect(JSON.stringify(stream)).toContain('"subnet":"10.150.0.0"');
  });

  it('shows even full access only pseudonyms of the pseudonymous tenant through GraphQL', async () => {
    const read = (tenantId: string): Promise<string> =>
      graphqlAs(
        { started, gatewayUrl: services.find((service) => service.name === 'gateway')?.url },
        { tenantId, roles: ['CallRecords.Read.Full'] },
        `{ callRecords(first: 10) { items { id graphRecord organizer { id displayName } } }
          pstnCalls(first: 10) { items { userId userPrincipalName userDisplayName callerNumber } } }`,
      );

    const [clearReply, pseudonymousReply] = [
      await read(started.tenantId),
      await read(started.secondTenantId),
    ];

    for (const value of valuesOf(pseudonymous)) {
      expect({ value, shown: pseudonymousReply.includes(value) }).toEqual({ value, shown: false });
    }
    expect(pseudonymousReply).toContain(
      pseudonymOf(started.secondTenantId, pseudonymous.callerUpn),
    );
    expect(clearReply).toContain(clear.callerUpn);
  });

  it('logs no personal value of either tenant at debug level, in any service', () => {
    const personal = [...valuesOf(clear), ...valuesOf(pseudonymous)];

    const leaks = services.flatMap((service) =>
      service
        .allLines()
        .filter((line) => personal.some((value) => line.includes(value)))
        .map((line) => `${service.name}: ${line.slice(0, 300)}`),
    );

    expect(leaks).toEqual([]);
    expect(services.map((s) => s.allLines().length > 0)).toEqual([true, true, true, true, true]);
  });
});
