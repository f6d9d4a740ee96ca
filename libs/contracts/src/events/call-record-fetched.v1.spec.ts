import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { describe, expect, it } from '@jest/globals';

import { CallRecordFetchedV1Schema } from './call-record-fetched.v1';
import type { CallRecordFetchedV1 } from './call-record-fetched.v1';

const golden = JSON.parse(
  readFileSync(resolve(__dirname, '__fixtures__/call-record-fetched.v1.json'), 'utf8'),
) as CallRecordFetchedV1;

function withRecord(changes: Record<string, unknown>): unknown {
  return {
    ...golden,
    payload: { ...golden.payload, callRecord: { ...golden.payload.callRecord, ...changes } },
  };
}

describe('CallRecordFetchedV1Schema', () => {
  it('accepts a complete record', () => {
    expect(CallRecordFetchedV1Schema.safeParse(golden).success).toBe(true);
  });

  it('refuses a record with a sessions page left unfollowed', () => {
    const result = CallRecordFetchedV1Schema.safeParse(
      withRecord({ 'sessions@odata.nextLink': 'https://x' }),
    );

    expect(result.error?.issues.map((i) => i.message)).toEqual([
      'unfollowed sessions@odata.nextLink',
    ]);
  });

  it('refuses a payload whose version is not the record version', () => {
    const result = CallRecordFetchedV1Schema.safeParse(withRecord({ version: 2 }));

    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['payload.version']);
  });

  it('keeps record fields Graph adds later', () => {
    const parsed = CallRecordFetchedV1Schema.parse(withRecord({ newGraphField: 'kept' }));

    expect(parsed.payload.callRecord['newGraphField']).toBe('kept');
  });
});
