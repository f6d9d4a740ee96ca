import { describe, expect, it } from '@jest/globals';

import { PermanentError } from '@callrecords/contracts';

import { serializeVersionedDocument } from './bulk-upsert';

describe(serializeVersionedDocument.name, () => {
  it('writes an index action with external versioning, then the source', () => {
    const serialized = serializeVersionedDocument({
      index: 'callrecords-records-write',
      id: 'r1',
      version: 7,
      document: { id: 'r1', callType: 'groupCall' },
    });

    const [action, source, end] = serialized.ndjson.split('\n');
    expect(JSON.parse(action!)).toEqual({
      index: {
        _index: 'callrecords-records-write',
        _id: 'r1',
        version: 7,
        version_type: 'external',
      },
    });
    expect(JSON.parse(source!)).toEqual({ id: 'r1', callType: 'groupCall' });
    expect(end).toBe('');
  });

  it('adds routing when given', () => {
    const serialized = serializeVersionedDocument({
      index: 'i',
      id: 'r1',
      version: 1,
      document: {},
      routing: 'tenant-a',
    });

    expect(JSON.parse(serialized.ndjson.split('\n')[0]!)).toMatchObject({
      index: { routing: 'tenant-a' },
    });
  });

  it('counts bytes, not characters', () => {
    const serialized = serializeVersionedDocument({
      index: 'i',
      id: 'r1',
      version: 1,
      document: { name: 'Zoë' },
    });

    expect(serialized.bytes).toBe(Buffer.byteLength(serialized.ndjson, 'utf8'));
    expect(serialized.bytes).toBe(serialized.ndjson.length + 1);
  });

  it.each([-1, 1.5, Number.NaN, 2 ** 53])('refuses version %p', (version) => {
    const serialize = () =>
      serializeVersionedDocument({ index: 'i', id: 'r1', version, document: {} });

    expect(serialize).toThrow(PermanentError);
  });
});
