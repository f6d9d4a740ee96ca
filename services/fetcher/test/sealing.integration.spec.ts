import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import {
  CallRecordFetchedV1Definition,
  createEvent,
  encodeEvent,
  keyEncryptionKey,
  openSealedValue,
  parseSealedValue,
  PersonErasedV1Definition,
  PersonErasureRequestedV1Definition,
  PersonKeyV1Definition,
  PstnCallRowV1Definition,
  unwrapPersonKey,
} from '@callrecords/contracts';
import { createSimulator } from '@callrecords/graph-simulator';
import type { Simulator, StartedSimulator } from '@callrecords/graph-simulator';
import { createProducer, readTopicSnapshot } from '@callrecords/kafka';
import type { Kafka } from '@callrecords/kafka';
import { aCallRecord, aPstnCallRow, getTestEnv, uniqueName, waitFor } from '@callrecords/testing';

import {
  notify,
  readCommitted,
  reportsEnv,
  startInProcessFetcher,
  testKafka,
} from './fetcher-harness';
import type { InProcessFetcher } from './fetcher-harness';

// Crypto-shredding at the fetcher: what reaches Kafka holds no clear personal value, each sealed
// value opens with the key of its person found on the person-keys topic, and that key is wrapped.
const KEY_SECRET = 'key-encryption-secret-of-the-test-0123456789';
const PSEUDONYM_SECRET = 'pseudonym-secret-of-the-sealing-test-0123';
// Abbie Wilkins's user id in the Graph example, and the pseudonym openssl gives it in tenant-a
// (see pseudonymise.spec.ts); here the tenant is the simulator's, so only the shape is fixed.
const ABBIE_ID = '821809f5-0000-0000-0000-3b5136c0e777';

let dir: string;
let simulator: Simulator;
let started: StartedSimulator;
let kafka: Kafka;
let fetcher: InProcessFetcher;
const prefix = `${uniqueName('sealing')}.`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sealing-spec-'));
  simulator = createSimulator({ caFile: join(dir, 'ca.pem'), httpPort: 0 });
  started = await simulator.start();
  const brokers = getTestEnv().kafkaBrokers;
  kafka = testKafka(brokers);
  simulator.seedPstnCalls([
    aPstnCallRow({
      id: 'sealed-pstn-1',
      startDateTime: new Date(Date.now() - 10 * 60_000).toISOString(),
      userId: ABBIE_ID,
      userPrincipalName: 'abbie.wilkins@contoso.com',
      userDisplayName: 'Abbie Wilkins',
      calleeNumber: '+14255550100',
    }),
  ]);
  fetcher = await startInProcessFetcher(
    reportsEnv(
      {
        graphUrl: started.graphUrl,
        clientId: started.clientId,
        clientSecret: started.clientSecret,
        tenantIds: [started.tenantId],
        caFile: join(dir, 'ca.pem'),
      },
      {
        brokers,
        prefix,
        historyStart: Date.now() - 60 * 60_000,
        extra: { PRIVACY_KEY_SECRET: KEY_SECRET, FETCHER_PSEUDONYM_SECRET: PSEUDONYM_SECRET },
      },
    ),
  );
});

afterAll(async () => {
  await fetcher?.close();
  await simulator?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('fetcher: sealed personal values', () => {
  it('writes records and rows sealed, with the keys that open them wrapped on the person-keys topic', async () => {
    const record = aCallRecord({ id: `${prefix}sealed-call` });
    simulator.seedCallRecord(record, started.tenantId);
    const topics = fetcher.runtime.topics;
    const records = await readCommitted(kafka, topics.records, CallRecordFetchedV1Definition);
    const rows = await readCommitted(kafka, topics.pstnCalls, PstnCallRowV1Definition);
    const keys = await readCommitted(kafka, topics.personKeys, PersonKeyV1Definition);
    await notify(kafka, topics.notifications, [
      { tenantId: started.tenantId, callRecordId: record.id },
    ]);
    await waitFor(() => records.messages.length > 0 && rows.messages.length > 0, {
      description: 'the sealed record and row',
      timeoutMs: 60_000,
    });
    await Promise.all([records.stop(), rows.stop(), keys.stop()]);

    const written = JSON.stringify([records.messages, rows.messages, keys.messages]);
    for (const clear of ['Abbie Wilkins', 'abbie.wilkins@contoso.com', ABBIE_ID, '4255550100']) {
      expect(written.toLowerCase()).not.toContain(clear.toLowerCase());
    }
    const kek = keyEncryptionKey(KEY_SECRET);
    const open = (value: unknown): string => {
      const sealed = parseSealedValue(String(value))!;
      const entry = keys.messages.find(
        (m) => m.event.payload.pseudonym === sealed.pseudonym && m.event.payload.kid === sealed.kid,
      )!;
      return openSealedValue(
        sealed,
        unwrapPersonKey(kek, entry.key, entry.event.payload.wrappedKey),
      );
    };
    const row = rows.messages[0]!.event.payload.row;
    const caller = records.messages[0]!.event.payload.callRecord.sessions?.[0]?.caller as Record<
      string,
      Record<string, unknown>
    >;
    expect(open(row.userDisplayName)).toBe('Abbie Wilkins');
    expect(open(row.calleeNumber)).toBe('+14255550100');
    expect(open(caller['associatedIdentity']?.['displayName'])).toBe('Abbie Wilkins');
    // One person, one pseudonym: the row's user and the record's caller share it (and the key).
    expect(parseSealedValue(String(row.userId))?.pseudonym).toBe(
      parseSealedValue(String(caller['associatedIdentity']?.['id']))?.pseudonym,
    );
  });
});

describe('fetcher: erasure requests of the gateway', () => {
  const ADMIN_OID = '5a1c2d3e-4f50-4617-8293-a4b5c6d7e8f9';

  async function request(requestId: string): Promise<void> {
    const now = new Date();
    const event = createEvent(PersonErasureRequestedV1Definition, {
      tenantId: started.tenantId,
      correlationId: requestId,
      occurredAt: now,
      producedAt: now,
      payload: {
        requestId,
        identifier: ABBIE_ID,
        requestedBy: ADMIN_OID,
        requestedAt: '2026-12-03T16:00:00.000Z',
      },
    });
    const producer = createProducer(kafka);
    await producer.connect();
    try {
      await producer.send([
        {
          topic: fetcher.runtime.topics.erasureRequests,
          key: `${started.tenantId}:${requestId}`,
          ...encodeEvent(PersonErasureRequestedV1Definition, event),
        },
      ]);
    } finally {
      await producer.disconnect();
    }
  }

  const keyNames = async (): Promise<string[]> =>
    [...(await readTopicSnapshot(kafka, fetcher.runtime.topics.personKeys)).keys()].sort();

  it('tombstones the person keys and audits the request with the requester and its id, once', async () => {
    const topics = fetcher.runtime.topics;
    // Abbie's pseudonym as the sealed row carries it (the row was polled at boot).
    const rows = await readCommitted(kafka, topics.pstnCalls, PstnCallRowV1Definition);
    await waitFor(() => rows.messages.length > 0, { description: 'the row', timeoutMs: 60_000 });
    await rows.stop();
    const row = rows.messages[0]!.event.payload.row;
    const abbie = parseSealedValue(String(row.userId))!.pseudonym;
    const callee = parseSealedValue(String(row.calleeNumber))!.pseudonym;
    const before = await waitFor(
      async () => {
        const names = await keyNames();
        return names.some((n) => n.includes(`:${abbie}:`)) ? names : undefined;
      },
      { description: "Abbie's key on the person-keys topic", timeoutMs: 60_000 },
    );
    const abbieKeys = before.filter((n) => n.includes(`:${abbie}:`));
    const audits = await readCommitted(kafka, topics.erasures, PersonErasedV1Definition);
    const requestId = randomUUID();

    await request(requestId);
    await waitFor(() => audits.messages.length >= 1, {
      description: 'the audit',
      timeoutMs: 60_000,
    });
    // The same request delivered again (a producer retry): audited again, nothing more deleted.
    await request(requestId);
    await waitFor(() => audits.messages.length >= 2, {
      description: 'the second audit',
      timeoutMs: 60_000,
    });
    await audits.stop();

    const after = await keyNames();
    expect(after.filter((n) => n.includes(`:${abbie}:`))).toEqual([]);
    expect(after.some((n) => n.includes(`:${callee}:`))).toBe(true);
    const audit = (keysDeleted: string[]) => [
      `${started.tenantId}:${abbie}`,
      requestId,
      {
        pseudonym: abbie,
        identifierKind: 'id',
        requestedBy: ADMIN_OID,
        requestedAt: '2026-12-03T16:00:00.000Z',
        keysDeleted,
        requestId,
      },
    ];
    expect(audits.messages.map((m) => [m.key, m.event.correlationId, m.event.payload])).toEqual([
      audit(abbieKeys.map((n) => n.slice(started.tenantId.length + 1))),
      audit([]),
    ]);
    expect(JSON.stringify(audits.messages)).not.toContain(ABBIE_ID);
    // The request named Abbie in clear: executed, it is tombstoned (nothing left once compacted).
    expect([...(await readTopicSnapshot(kafka, topics.erasureRequests)).keys()]).toEqual([]);
  });
});
