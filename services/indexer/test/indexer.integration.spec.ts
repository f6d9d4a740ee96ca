import { fetchEndOffsets, fetchGroupLagBehind } from '@callrecords/kafka';
import {
  createEvent,
  DirectRoutingCallRowV1Definition,
  PstnCallRowV1Definition,
} from '@callrecords/contracts';
import {
  aCallRecord,
  aCallRecordFetched,
  aDirectRoutingRow,
  aMeetingWithSessions,
  aPstnCallRow,
  EXAMPLE_CALL_RECORD_ID,
  EXAMPLE_TENANT_ID,
  uniqueName,
  waitFor,
} from '@callrecords/testing';

import { toCallRecordDocument } from '../src/domain/to-call-record-document';
import {
  toDirectRoutingCallDocument,
  toPstnCallDocument,
} from '../src/domain/to-report-row-documents';
import { toStreamDocuments } from '../src/domain/to-stream-documents';
import { createIndexerHarness } from './indexer-harness';
import type { IndexerHarness } from './indexer-harness';

const ENVELOPE = {
  id: '2d9e8c7a-5f30-4b4c-8e1d-3a4f5b6c7d8e',
  tenantId: EXAMPLE_TENANT_ID,
  correlationId: '5d9c3a4e-0f3b-4c1e-9a57-6b1f0c2d8e11',
  occurredAt: '2019-11-02T00:00:00.000Z',
  producedAt: '2019-11-02T00:00:01.000Z',
};
const WINDOW = { fromDateTime: '2019-11-01T00:00:00.000Z', toDateTime: '2019-11-02T00:00:00.000Z' };
const scoped = (id: string) => `${EXAMPLE_TENANT_ID}:${id}`;

describe('indexer (real Kafka and OpenSearch)', () => {
  let harness: IndexerHarness;

  beforeAll(async () => {
    harness = await createIndexerHarness(uniqueName('idx'));
    await harness.start();
  });

  afterAll(async () => {
    await harness.close();
  });

  it('indexes the reference examples field by field, with the Graph record in raw', async () => {
    const record = aCallRecordFetched(aCallRecord());
    const meeting = aCallRecordFetched(aMeetingWithSessions(4, 21));
    const pstn = createEvent(PstnCallRowV1Definition, {
      ...ENVELOPE,
      payload: { row: aPstnCallRow(), window: WINDOW, fetchedAt: '2019-11-02T00:00:00.500Z' },
    });
    const directRouting = createEvent(DirectRoutingCallRowV1Definition, {
      ...ENVELOPE,
      payload: { row: aDirectRoutingRow(), window: WINDOW, fetchedAt: '2019-11-02T00:00:00.500Z' },
    });

    await harness.produce([record, meeting, pstn, directRouting]);
    const expectedStreams = toStreamDocuments(record).length + toStreamDocuments(meeting).length;
    await waitFor(
      async () => {
        const sizes = await Promise.all(
          (['records', 'streams', 'pstnCalls', 'directRoutingCalls'] as const).map(
            async (id) => (await harness.documents(id)).size,
          ),
        );
        return sizes.join() === [2, expectedStreams, 1, 1].join();
      },
      { timeoutMs: 30_000, description: 'every document of the examples' },
    );
    const records = await harness.documents('records');
    const streams = await harness.documents('streams');
    const pstnDocs = await harness.documents('pstnCalls');
    const drDocs = await harness.documents('directRoutingCalls');

    expect(records.get(scoped(record.payload.callRecord.id))?.source).toEqual(
      toCallRecordDocument(record),
    );
    expect(records.get(scoped(meeting.payload.callRecord.id))?.source).toEqual(
      toCallRecordDocument(meeting),
    );
    expect([...streams.values()].map((d) => d.source).sort(byId)).toEqual(
      [...toStreamDocuments(record), ...toStreamDocuments(meeting)].sort(byId),
    );
    expect(pstnDocs.get(scoped(pstn.payload.row.id))?.source).toEqual(toPstnCallDocument(pstn));
    expect(drDocs.get(scoped(directRouting.payload.row.id))?.source).toEqual(
      toDirectRoutingCallDocument(directRouting),
    );
  });

  it('keeps the highest version whatever the order and however often an event repeats', async () => {
    const id = '0f4c2a9e-7d1b-4e3a-9c5f-1a2b3c4d5e6f';
    const version = (v: number) =>
      aCallRecordFetched(aCallRecord({ id, version: v, joinWebUrl: `https://join/v${v}` }));

    await harness.produce([version(3), version(1), version(3), version(2), version(1)]);
    const stored = await waitFor(async () => (await harness.documents('records')).get(scoped(id)), {
      timeoutMs: 30_000,
      description: 'the record document',
    });
    await harness.produce([version(2)]);
    const sentinel = aCallRecordFetched(aCallRecord({ id: `${id}-after`, version: 1 }));
    await harness.produce([sentinel]);
    await waitFor(async () => (await harness.documents('records')).has(scoped(`${id}-after`)), {
      timeoutMs: 30_000,
    });
    const final = (await harness.documents('records')).get(scoped(id));

    expect([stored.version, final?.version, final?.source['joinWebUrl']]).toEqual([
      3,
      3,
      'https://join/v3',
    ]);
  });

  it('dead-letters only the poison event and indexes the others around it', async () => {
    const good = [1, 2].map((n) =>
      aCallRecordFetched(aCallRecord({ id: `1e2d3c4b-0000-4000-8000-00000000000${n}` })),
    );
    const poison = aCallRecordFetched(aCallRecord({ id: 'p'.repeat(600) }));

    await harness.produce([good[0], poison, good[1]].filter((e) => e !== undefined));
    const letters = await waitFor(
      async () => {
        const received = await harness.deadLetters();
        return received.length > 0 ? received : false;
      },
      { timeoutMs: 30_000, description: 'a dead letter' },
    );
    const records = await harness.documents('records');

    expect(letters.map((l) => l.payload.reason)).toEqual([
      'unmappable event: document id longer than 512 bytes',
    ]);
    expect(letters[0]?.payload.errorClass).toBe('PermanentError');
    expect(good.every((e) => records.has(scoped(e.payload.callRecord.id)))).toBe(true);
  });
});

describe('indexer shutdown', () => {
  it('commits every offset it indexed before it disconnects (a restart re-reads nothing)', async () => {
    const harness = await createIndexerHarness(uniqueName('idxstop'));
    const indexer = await harness.start();
    await harness.produce([1, 2, 3].map((v) => aCallRecordFetched(aCallRecord({ version: v }))));
    await waitFor(
      async () =>
        (await harness.documents('records')).get(scoped(EXAMPLE_CALL_RECORD_ID))?.version === 3,
      {
        timeoutMs: 30_000,
      },
    );

    await indexer.close();
    const targets = await fetchEndOffsets(harness.kafka, harness.topics.inputs);
    const lag = await fetchGroupLagBehind(harness.kafka, {
      groupId: harness.topics.group,
      targets,
    });
    await harness.close();

    expect(lag).toBe(0);
  });
});

function byId(a: { id?: unknown }, b: { id?: unknown }): number {
  return String(a.id).localeCompare(String(b.id));
}
