import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { describe, expect, it } from '@jest/globals';

import { graphReferenceDir } from '../../scripts/graph-reference';
import { DIRECT_ROUTING_CALL_FIELDS, PSTN_CALL_FIELDS } from './report-row-index';

// Walks the CSDL itself: a property Microsoft adds to a report row type fails here until the index
// stores it (and the gateway's schema.spec does the same for the GraphQL types).
const csdl = readFileSync(
  resolve(graphReferenceDir(resolve(__dirname, '../../../..')), 'callrecords-csdl-v1.0.xml'),
  'utf8',
);

function csdlProperties(typeName: string): string[] {
  const body = new RegExp(`<ComplexType Name="${typeName}"[^>]*>([\\s\\S]*?)</ComplexType>`).exec(
    csdl,
  )?.[1];
  return [...(body ?? '').matchAll(/<Property Name="(\w+)"/g)].map((match) => match[1] ?? '');
}

describe('report row indexes', () => {
  it.each([
    ['pstnCallLogRow', PSTN_CALL_FIELDS],
    ['directRoutingLogRow', DIRECT_ROUTING_CALL_FIELDS],
  ])('store every CSDL property of %s as a field', (typeName, fields) => {
    const properties = csdlProperties(typeName);

    expect(properties.length).toBeGreaterThan(15);
    expect(properties.filter((name) => !(name in fields))).toEqual([]);
  });
});
