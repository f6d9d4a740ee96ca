import { z } from 'zod';

import { fieldPaths } from './index-fields';
import { indexTemplateBody, retentionPolicyBody } from './index-templates';
import { generationSeries, INDEX_IDS, indexNames, INDEXES } from './indexes';

function schemaPaths(schema: z.ZodType, prefix = ''): string[] {
  const inner = schema instanceof z.ZodNullable ? schema.unwrap() : schema;
  if (inner instanceof z.ZodObject) {
    return Object.entries(inner.shape as Record<string, z.ZodType>).flatMap(([name, child]) =>
      schemaPaths(child, `${prefix}${name}.`),
    );
  }
  return [prefix.slice(0, -1)];
}

describe('INDEXES', () => {
  it.each(INDEX_IDS)('%s: the document schema and the mapping declare the same fields', (id) => {
    const definition = INDEXES[id];

    const mapped = fieldPaths(definition.properties).filter((path) => !path.endsWith('.keyword'));

    expect(schemaPaths(definition.documentSchema).sort()).toEqual(mapped.sort());
  });

  it.each(INDEX_IDS)('%s: carries a tenantId keyword and a date time field', (id) => {
    const properties = INDEXES[id].properties as Record<string, { type: string }>;

    expect(properties['tenantId']?.type).toBe('keyword');
    expect(properties[INDEXES[id].timeField]?.type).toBe('date');
  });

  it('keeps the raw Graph record stored but not indexed', () => {
    const raw = INDEXES.records.properties['raw'];

    expect(raw).toEqual({ type: 'object', enabled: false });
  });
});

describe(indexNames.name, () => {
  it('prefixes every alias, template and pattern', () => {
    const names = indexNames('t1-').records;

    expect(names).toEqual({
      id: 'records',
      readAlias: 't1-callrecords-records',
      writeAlias: 't1-callrecords-records-write',
      series: 't1-callrecords-records',
      templateName: 't1-callrecords-records',
      indexPattern: 't1-callrecords-records-*',
    });
  });

  it('names rebuild generations inside the series pattern', () => {
    const names = indexNames('').streams;

    expect(generationSeries(names, '20261126t2200')).toBe('callrecords-streams-g20261126t2200');
    expect(() => generationSeries(names, 'Bad-Gen')).toThrow(/generation/);
  });

  it('gives patterns that never match another series', () => {
    const all = Object.values(indexNames(''));

    const overlaps = all.filter((a) =>
      all.some((b) => a !== b && b.series.startsWith(a.indexPattern.slice(0, -1))),
    );

    expect(overlaps).toEqual([]);
  });
});

describe(indexTemplateBody.name, () => {
  it('maps strictly, without aliases', () => {
    const names = indexNames('').pstnCalls;

    const body = indexTemplateBody(INDEXES.pstnCalls, names, { replicas: 0 });

    expect(body).toMatchObject({
      index_patterns: ['callrecords-pstn-calls-*'],
      template: { settings: { number_of_replicas: 0 }, mappings: { dynamic: 'strict' } },
    });
    expect(body['template']).not.toHaveProperty('aliases');
  });
});

describe(retentionPolicyBody.name, () => {
  it('deletes indexes the configured days after rollover', () => {
    const policy = retentionPolicyBody(['a-*'], {
      retentionDays: 30,
      rolloverMaxAge: '7d',
      rolloverMaxPrimaryShardSize: '30gb',
    });

    expect(JSON.stringify(policy)).toContain('"min_rollover_age":"30d"');
    expect(policy['ism_template']).toEqual([{ index_patterns: ['a-*'], priority: 100 }]);
  });
});
