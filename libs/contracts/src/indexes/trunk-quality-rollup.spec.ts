import {
  TRUNK_QUALITY_MEASURES,
  TRUNK_QUALITY_ROLLUP_PROPERTIES,
  trunkQualityRollupConcreteIndexName,
  trunkQualityRollupDocumentId,
  TrunkQualityRollupDocumentSchema,
  trunkQualityRollupIndexBody,
  trunkQualityRollupIndexName,
} from './trunk-quality-rollup';

describe('trunk-quality rollup contract', () => {
  it('names the alias and its concrete index under the prefix', () => {
    expect(trunkQualityRollupIndexName('hour', 'dev-')).toBe(
      'dev-callrecords-rollup-trunk-quality-hour',
    );
    expect(trunkQualityRollupConcreteIndexName('day')).toBe(
      'callrecords-rollup-trunk-quality-day-v1',
    );
  });

  it('gives a cell the same id every time', () => {
    const cell = {
      tenantId: 't1',
      interval: 'hour' as const,
      bucketStart: '2026-11-20T10:00:00.000Z',
      trunk: 'sbc1.contoso.com',
    };

    expect(trunkQualityRollupDocumentId(cell)).toBe(
      't1|hour|2026-11-20T10:00:00.000Z|sbc1.contoso.com',
    );
  });

  it('maps every field of the document schema, strictly, and every measure is a field', () => {
    const fields = Object.keys(TrunkQualityRollupDocumentSchema.shape).sort();

    expect(Object.keys(TRUNK_QUALITY_ROLLUP_PROPERTIES).sort()).toEqual(fields);
    expect(TRUNK_QUALITY_MEASURES.filter((m) => !fields.includes(m))).toEqual([]);
    expect(trunkQualityRollupIndexBody('hour')['mappings']).toMatchObject({ dynamic: 'strict' });
  });
});
