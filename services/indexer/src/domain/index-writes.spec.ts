import { createEvent, PstnCallRowV1Definition } from '@callrecords/contracts';
import {
  aCallRecord,
  aCallRecordFetched,
  aPstnCallRow,
  EXAMPLE_CALL_RECORD_ID,
  EXAMPLE_TENANT_ID,
} from '@callrecords/testing';

import { indexWritesOf, reportRowVersion } from './index-writes';

describe(indexWritesOf.name, () => {
  it('writes a record and its streams at the record version, ids scoped by tenant', () => {
    const event = aCallRecordFetched(aCallRecord({ version: 7 }));

    const writes = indexWritesOf(event);

    expect(writes.map((w) => [w.index, w.id, w.version])).toEqual([
      ['records', `${EXAMPLE_TENANT_ID}:${EXAMPLE_CALL_RECORD_ID}`, 7],
      ['streams', expect.stringMatching(new RegExp(`^${EXAMPLE_TENANT_ID}:`)), 7],
    ]);
  });

  it('versions a report row by its fetch time, so a later fetch wins and a replay is a no-op', () => {
    const event = createEvent(PstnCallRowV1Definition, {
      id: '2d9e8c7a-5f30-4b4c-8e1d-3a4f5b6c7d8e',
      tenantId: EXAMPLE_TENANT_ID,
      correlationId: '5d9c3a4e-0f3b-4c1e-9a57-6b1f0c2d8e11',
      occurredAt: '2019-11-02T00:00:00.000Z',
      producedAt: '2019-11-02T00:00:01.000Z',
      payload: {
        row: aPstnCallRow(),
        window: { fromDateTime: '2019-11-01T00:00:00Z', toDateTime: '2019-11-02T00:00:00Z' },
        fetchedAt: '2019-11-02T00:00:00.500Z',
      },
    });

    const [write] = indexWritesOf(event);

    expect(write?.version).toBe(Date.parse('2019-11-02T00:00:00.500Z'));
    expect(reportRowVersion('not a date')).toBe(0);
  });
});

describe('scopedDocumentId', () => {
  it('refuses ids OpenSearch would refuse (over 512 bytes)', () => {
    const event = aCallRecordFetched(aCallRecord({ id: 'x'.repeat(500) }));

    expect(() => indexWritesOf(event)).toThrow(/longer than 512 bytes/);
  });
});
