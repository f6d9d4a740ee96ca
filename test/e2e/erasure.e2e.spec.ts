// Erasure of one person through the whole pipeline (README "Personal data", "Erasure of one
// person"): a user who is in a 1:1 call, a meeting, a PSTN row and a Direct Routing row is erased
// by user id through the gateway's `erasePerson` mutation (executed by the fetcher) and by number
// with `npm run forget`'s CLI; then the indexes are rebuilt from the topics. No index, topic (opened
// with every key left) or GraphQL answer may return the person; their calls stay, counted as before.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { decodeEvent, keyEncryptionKey, PersonErasedV1Definition } from '@callrecords/contracts';
import { createSimulator } from '@callrecords/graph-simulator';
import type { Simulator, StartedSimulator } from '@callrecords/graph-simulator';
import { createPersonKeyTable, openSealedValues, readTopicSnapshot } from '@callrecords/kafka';
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

const REPO_ROOT = resolve(__dirname, '../..');
const PSEUDONYM_SECRET = 'e2e-erasure-pseudonym-secret-0123456789';
const KEY_SECRET = 'e2e-erasure-key-encryption-secret-0123456789';

// The person to erase (the Graph example's caller, renamed) and one who stays (its callee).
const erased = {
  name: 'Ermintrude Quillfeather',
  upn: 'ermintrude.quillfeather@contoso.com',
  id: 'aaaaaaaa-1111-4bbb-8ccc-000000000001',
  phone: '+4915112340001',
  machine: 'ERMINTRUDE-LAPTOP',
};
const kept = { name: 'Wilbur Wobblebottom', upn: 'wilbur.wobblebottom@contoso.com' };
const erasedValues = Object.values(erased);
const ADMIN_OID = 'd5a0e7c4-2b1f-4e8a-9c3d-0000000000ad';

function callOf(id: string, type: 'peerToPeer' | 'groupCall') {
  const text = JSON.stringify(aCallRecord())
    .replaceAll('Abbie Wilkins', erased.name)
    .replaceAll('abbie.wilkins@contoso.com', erased.upn)
    .replaceAll('821809f5-0000-0000-0000-3b5136c0e777', erased.id)
    .replaceAll('machineName_2', erased.machine)
    .replaceAll('Owen Franklin', kept.name)
    .replaceAll('owen.franklin@contoso.com', kept.upn);
  const record = JSON.parse(text) as ReturnType<typeof aCallRecord>;
  return { ...record, id, type };
}

// A 1:1 call and a meeting (a group call with a join link naming its organizer), both with the
// person as caller of their one session; the builder's session has 1 segment with 1 good audio
// stream (libs/testing aCallRecord), so each call has 1 stream document and is not poor.
const oneToOne = callOf('e1e1e1e1-0000-4000-8000-000000000001', 'peerToPeer');
const meeting = {
  ...callOf('e2e2e2e2-0000-4000-8000-000000000002', 'groupCall'),
  joinWebUrl: `https://teams.microsoft.com/l/meetup-join/x?context=%7b%22Oid%22%3a%22${erased.id}%22%7d`,
};
const STREAMS_PER_CALL = 1;

function rowsOf(startMs: number) {
  const times = {
    startDateTime: new Date(startMs).toISOString(),
    endDateTime: new Date(startMs + 219_000).toISOString(),
  };
  const user = {
    userId: erased.id,
    userPrincipalName: erased.upn,
    userDisplayName: erased.name,
    callerNumber: erased.phone,
    calleeNumber: '+4930901820',
  };
  return {
    pstn: aPstnCallRow({ ...user, ...times, id: 'erasure-pstn-1' }),
    directRouting: aDirectRoutingRow({ ...user, ...times, id: 'erasure-dr-1' }),
  };
}

function run(script: string, args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(
      process.execPath,
      [join(REPO_ROOT, 'scripts/run-ts.mts'), script, ...args],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, NODE_OPTIONS: '', LOG_FORMAT: 'json', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) =>
      code === 0 ? resolveRun(output) : reject(new Error(`${script} exited ${code}: ${output}`)),
    );
  });
}

describe('erasure of one person end to end', () => {
  let simulator: Simulator;
  let started: StartedSimulator;
  let kafka: Kafka;
  const services: ServiceProcess[] = [];
  const topicPrefix = `${uniqueName('erasure')}.`;
  const indexPrefix = `${uniqueName('erasure')}-`;
  const env = getTestEnv();
  const secrets = mkdtempSync(join(tmpdir(), 'callrecords-erasure-'));
  const byReference = {
    FETCHER_PSEUDONYM_SECRET_FILE: join(secrets, 'pseudonym-secret'),
    PRIVACY_KEY_SECRET_FILE: join(secrets, 'key-secret'),
  };
  const kinds = ['records', 'streams', 'pstn-calls', 'directrouting-calls'] as const;
  let before: Record<string, Record<string, unknown>[]> = {};

  // The documents behind each read alias (after a rebuild, only the new generation's).
  async function documents(): Promise<Record<string, Record<string, unknown>[]>> {
    const out: Record<string, Record<string, unknown>[]> = {};
    for (const kind of kinds) {
      await fetch(`${env.openSearchUrl}/${indexPrefix}callrecords-${kind}/_refresh`, {
        method: 'POST',
      });
      const response = await fetch(
        `${env.openSearchUrl}/${indexPrefix}callrecords-${kind}/_search?size=1000`,
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' },
      );
      const body = (await response.json()) as { hits?: { hits: { _source: never }[] } };
      out[kind] = (body.hits?.hits ?? []).map((hit) => hit._source);
    }
    return out;
  }

  function graphql(): Promise<string> {
    return graphqlAs(
      { started, gatewayUrl: services.find((service) => service.name === 'gateway')?.url },
      { tenantId: started.tenantId, roles: ['CallRecords.Read.Full'] },
      `{ callRecords(first: 10) { totalCount items { id graphRecord organizer { id displayName } } }
        pstnCalls(first: 10) { items { userId userPrincipalName userDisplayName callerNumber } } }`,
    );
  }

  // Every value of every topic of the run, each sealed value opened with the keys left.
  async function openedTopics(): Promise<Map<string, string>> {
    const topics = await runTopics(kafka, topicPrefix);
    const table = createPersonKeyTable({
      kafka,
      topic: `${topicPrefix}callrecords.person-keys.v1`,
      kek: keyEncryptionKey(KEY_SECRET),
    });
    await table.refresh();
    const contents = new Map<string, string>();
    for (const topic of topics) {
      const snapshot = await readTopicSnapshot(kafka, topic);
      const texts: string[] = [];
      for (const entry of snapshot.values()) {
        const text = entry.value.toString('utf8');
        const opened = await openSealedValues(table, {
          tenantId: started.tenantId,
          value: text.split('"'),
          seenAt: table.now(),
        });
        texts.push(opened.join('"'));
      }
      contents.set(topic, texts.join('\n'));
    }
    return contents;
  }

  beforeAll(async () => {
    writeFileSync(byReference.FETCHER_PSEUDONYM_SECRET_FILE, PSEUDONYM_SECRET);
    writeFileSync(byReference.PRIVACY_KEY_SECRET_FILE, KEY_SECRET);
    const caFile = join(secrets, 'ca.pem');
    simulator = createSimulator({ httpPort: 0, caFile });
    started = await simulator.start();
    const rows = rowsOf(Date.now() - 3_600_000);
    simulator.seedPstnCalls([rows.pstn], started.tenantId);
    simulator.seedDirectRoutingCalls([rows.directRouting], started.tenantId);
    kafka = runKafka(env.kafkaBrokers, 'erasure-test');
    await startPipeline(
      {
        common: {
          KAFKA_BROKERS: env.kafkaBrokers.join(','),
          OPENSEARCH_URL: env.openSearchUrl,
          KAFKA_TOPIC_PREFIX: topicPrefix,
          OPENSEARCH_INDEX_PREFIX: indexPrefix,
          LOG_LEVEL: 'info',
          PRIVACY_KEY_SECRET_FILE: byReference.PRIVACY_KEY_SECRET_FILE,
        },
        graph: graphEnvOf(started, { tenantIds: [started.tenantId], caFile }),
        fetcher: {
          FETCHER_PSEUDONYM_SECRET_FILE: byReference.FETCHER_PSEUDONYM_SECRET_FILE,
          FETCHER_REPORTS_HISTORY_START: new Date(Date.now() - 3 * 3_600_000).toISOString(),
          FETCHER_REPORTS_LAG_MINUTES: '0',
          FETCHER_REPORTS_POLL_INTERVAL_SECONDS: '1',
        },
        authIssuer: `${started.graphUrl}/{tenantid}/v2.0`,
        gateway: { GATEWAY_AUTH_JWKS_URL: `${started.graphUrl}/common/discovery/v2.0/keys` },
        caFile,
      },
      services,
    );
    await waitForSubscriptions(started, 1);
    simulator.seedCallRecord(oneToOne, started.tenantId);
    simulator.seedCallRecord(meeting, started.tenantId);
    let seen = 'nothing read yet';
    before = await waitFor(
      async () => {
        const docs = await documents();
        seen = kinds.map((kind) => `${kind}: ${docs[kind]?.length ?? 0}`).join(', ');
        const complete =
          docs['records']?.length === 2 &&
          docs['streams']?.length === 2 * STREAMS_PER_CALL &&
          docs['pstn-calls']?.length === 1 &&
          docs['directrouting-calls']?.length === 1;
        return complete ? docs : undefined;
      },
      { timeoutMs: 240_000, intervalMs: 1_000, description: 'both calls and both rows indexed' },
    ).catch((error: unknown) => {
      const logs = services.map((s) => `--- ${s.name}\n${s.logs().slice(-10).join('\n')}`);
      throw new Error(`${String(error)} (last read: ${seen})\n${logs.join('\n')}`);
    });
  }, 480_000);

  afterAll(async () => {
    await Promise.all(services.map((service) => service.stop()));
    await simulator?.stop();
    await removeRunResources(kafka, { openSearchUrl: env.openSearchUrl, topicPrefix, indexPrefix });
  }, 60_000);

  it('indexes the sealed values opened: the person is readable before the erasure', async () => {
    const text = JSON.stringify(before);

    expect(text).toContain(erased.name);
    expect(text).toContain(erased.upn);
    expect(text).toContain(erased.phone);
    const topics = [...(await openedTopics()).values()].join('\n');
    expect(topics).toContain(erased.upn);
  });

  it('forgets the person by user id (GraphQL) and number (CLI), audited without the identifiers, idempotently', async () => {
    const gateway = {
      started,
      gatewayUrl: services.find((service) => service.name === 'gateway')?.url,
    };
    const erase = `mutation { erasePerson(user: "${erased.id}", reason: "e2e") { requestId status } }`;
    const readers = { tenantId: started.tenantId, roles: ['CallRecords.Read.Full'] };
    const admin = { tenantId: started.tenantId, roles: ['CallRecords.Erase'], objectId: ADMIN_OID };
    const forget = ['--tenant', started.tenantId, '--user', erased.phone, '--by', 'dpo-test'];
    const cli = { KAFKA_BROKERS: env.kafkaBrokers.join(','), KAFKA_TOPIC_PREFIX: topicPrefix };
    const audits = async () =>
      [...(await readTopicSnapshot(kafka, `${topicPrefix}callrecords.erasures.v1`)).values()].map(
        (e) => decodeEvent(PersonErasedV1Definition, e.value, e.headers),
      );

    const refused = await graphqlAs(gateway, readers, erase);
    const accepted = JSON.parse(await graphqlAs(gateway, admin, erase)) as {
      data?: { erasePerson?: { requestId: string; status: string } };
    };
    const firstId = accepted.data?.erasePerson?.requestId;
    const first = await waitFor(
      async () => (await audits()).find((e) => e.payload.requestId === firstId),
      { timeoutMs: 60_000, description: 'the audit of the GraphQL request' },
    );
    const again = JSON.parse(await graphqlAs(gateway, admin, erase)) as typeof accepted;
    const secondId = again.data?.erasePerson?.requestId;
    const second = await waitFor(
      async () => (await audits()).find((e) => e.payload.requestId === secondId),
      { timeoutMs: 60_000, description: 'the audit of the repeated request' },
    );
    const byCli = await run('services/fetcher/src/forget.ts', forget, { ...cli, ...byReference });
    const byCliAgain = await run('services/fetcher/src/forget.ts', forget, {
      ...cli,
      ...byReference,
    });

    // Read.Full is no erasure right; the user's key goes with the first request, none the second.
    expect(refused).toContain('"FORBIDDEN"');
    expect(accepted.data?.erasePerson?.status).toBe('ACCEPTED');
    expect(first.payload.keysDeleted).toHaveLength(1);
    expect(second.payload.keysDeleted).toEqual([]);
    expect(byCli).toMatch(/phone: erased pn-[\w-]{22}; 1 key\(s\) deleted/);
    expect(byCliAgain).toMatch(/phone: erased pn-[\w-]{22}; 0 key\(s\) deleted/);
    const events = await audits();
    // Compacted snapshot by key: one entry per erased person, the latest (repeated) request.
    expect(events.map((e) => [e.payload.identifierKind, e.payload.requestedBy]).sort()).toEqual([
      ['id', ADMIN_OID],
      ['phone', 'dpo-test'],
    ]);
    const auditText = JSON.stringify(events);
    for (const value of erasedValues) {
      expect(auditText).not.toContain(value);
    }
  }, 180_000);

  it('replaces the person by their pseudonym in the stored documents and GraphQL answers', async () => {
    const docs = await waitFor(
      async () => {
        const now = await documents();
        const text = JSON.stringify(now);
        return erasedValues.every((value) => !text.includes(value)) ? now : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 1_000, description: 'the erasure applied by the indexer' },
    );
    const answer = await graphql();

    for (const value of erasedValues) {
      expect({ value, inGraphql: answer.includes(value) }).toEqual({ value, inGraphql: false });
    }
    expect(JSON.stringify(docs)).toContain(kept.name);
    expect(answer).toContain('"totalCount":2');
    expect(docs['streams']).toHaveLength(2 * STREAMS_PER_CALL);
    expect(docs['pstn-calls']).toHaveLength(1);
    expect(docs['directrouting-calls']).toHaveLength(1);
  }, 180_000);

  it('leaves the person in no index, topic or GraphQL answer once rebuilt; calls counted as before', async () => {
    await run('services/indexer/src/rebuild.ts', ['erased'], {
      KAFKA_BROKERS: env.kafkaBrokers.join(','),
      OPENSEARCH_URL: env.openSearchUrl,
      KAFKA_TOPIC_PREFIX: topicPrefix,
      OPENSEARCH_INDEX_PREFIX: indexPrefix,
      PRIVACY_KEY_SECRET_FILE: byReference.PRIVACY_KEY_SECRET_FILE,
    });

    const after = await documents();
    const indexed = JSON.stringify(after);
    const topics = await openedTopics();
    const answer = await graphql();

    for (const value of erasedValues) {
      const leaks = [...topics].filter(([, text]) => text.includes(value)).map(([t]) => t);
      expect({ value, indexed: indexed.includes(value), leaks }).toEqual({
        value,
        indexed: false,
        leaks: [],
      });
      expect({ value, inGraphql: answer.includes(value) }).toEqual({ value, inGraphql: false });
    }
    // The other party stays readable; the calls and rows stay, with their quality.
    expect(indexed).toContain(kept.name);
    expect(answer).toContain('"totalCount":2');
    expect(after['records']).toHaveLength(2);
    expect(after['streams']).toHaveLength(2 * STREAMS_PER_CALL);
    expect(after['pstn-calls']).toHaveLength(1);
    expect(after['directrouting-calls']).toHaveLength(1);
    const figuresOf = (docs: Record<string, unknown>[] | undefined) =>
      (docs ?? [])
        .map((d) => [d['id'], d['streamCount'], d['isPoor'], d['poorStreamCount']])
        .sort();
    expect(figuresOf(after['records'])).toEqual([
      [oneToOne.id, 1, false, 0],
      [meeting.id, 1, false, 0],
    ]);
    const participants = (docs: Record<string, unknown>[] | undefined) =>
      (docs ?? []).map((d) => d['participantCount']);
    expect(participants(after['records']).sort()).toEqual(participants(before['records']).sort());
  }, 300_000);
});
