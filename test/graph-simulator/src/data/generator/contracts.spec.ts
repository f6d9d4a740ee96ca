import { describe, expect, it } from '@jest/globals';

import {
  CallRecordStrictSchema,
  DirectRoutingLogRowStrictSchema,
  PstnCallLogRowStrictSchema,
} from '@callrecords/contracts';

import { generateDataset } from './dataset';

// The generator's output must satisfy the contracts generated from the CSDL (libs/contracts).

const dataset = generateDataset({
  seed: 77,
  count: 120,
  tenantId: 't1',
  now: new Date('2024-06-01T12:00:00Z'),
  withUpdates: true,
});

describe('generated data against @callrecords/contracts', () => {
  it('validates every generated record version against CallRecordStrictSchema', () => {
    const records = dataset.records.flatMap((record) => [
      record.first,
      ...(record.update ? [record.update] : []),
    ]);

    const failures = records
      .map((record) => CallRecordStrictSchema.safeParse(record))
      .filter((result) => !result.success)
      .map((result) => result.error?.issues.slice(0, 3));

    expect(failures).toEqual([]);
  });

  it('validates every generated PSTN and Direct Routing row', () => {
    const failures = [
      ...dataset.pstnRows.map((row) => PstnCallLogRowStrictSchema.safeParse(row)),
      ...dataset.directRoutingRows.map((row) => DirectRoutingLogRowStrictSchema.safeParse(row)),
    ].filter((result) => !result.success);

    expect(failures.map((result) => result.error?.issues.slice(0, 3))).toEqual([]);
  });
});
