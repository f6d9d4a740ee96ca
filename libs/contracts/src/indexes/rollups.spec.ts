import {
  ROLLUP_DOCUMENT_SCHEMAS,
  ROLLUP_HISTOGRAM_BOUNDS,
  ROLLUP_METRICS,
  ROLLUP_PROPERTIES,
  rollupDocumentId,
  rollupIndexBody,
  rollupIndexName,
} from './rollups';

describe(rollupIndexName.name, () => {
  it('names a rollup by metric and interval under the index prefix', () => {
    expect(rollupIndexName('direct-routing', 'day', 'test-')).toBe(
      'test-callrecords-rollup-direct-routing-day',
    );
  });
});

describe(rollupIndexBody.name, () => {
  it('creates the concrete index behind the alias, with a strict mapping', () => {
    const body = rollupIndexBody('calls', 'hour', 'p-');

    expect(body['aliases']).toEqual({
      'p-callrecords-rollup-calls-hour': { is_write_index: true },
    });
    expect((body['mappings'] as { dynamic: string }).dynamic).toBe('strict');
  });
});

describe('rollup document schemas', () => {
  it.each(ROLLUP_METRICS)('map every field of a %s document', (metric) => {
    const schemaKeys = Object.keys(ROLLUP_DOCUMENT_SCHEMAS[metric].shape).sort();

    expect(Object.keys(ROLLUP_PROPERTIES[metric]).sort()).toEqual(schemaKeys);
  });

  it('accepts a streams document with one count per histogram bin', () => {
    const histogram = (metric: keyof typeof ROLLUP_HISTOGRAM_BOUNDS) => ({
      counts: new Array<number>(ROLLUP_HISTOGRAM_BOUNDS[metric].length + 1).fill(0),
      samples: 0,
      p50: null,
      p95: null,
    });
    const doc = {
      tenantId: 't',
      interval: 'hour',
      bucketStart: '2026-11-20T10:00:00.000Z',
      metric: 'streams',
      dimension: 'mediaType',
      value: 'audio',
      streams: 0,
      classifiedStreams: 0,
      poorStreams: 0,
      poorStreamRatio: null,
      jitterMs: histogram('jitterMs'),
      packetLossRate: histogram('packetLossRate'),
      roundTripMs: histogram('roundTripMs'),
    };

    expect(ROLLUP_DOCUMENT_SCHEMAS.streams.parse(doc)).toEqual(doc);
    expect(rollupDocumentId({ ...doc, interval: 'hour' })).toBe(
      't|hour|2026-11-20T10:00:00.000Z|mediaType|audio',
    );
  });
});
