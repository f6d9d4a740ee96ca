import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { describe, expect, it } from '@jest/globals';

import { graphReferenceDir } from '../../scripts/graph-reference';
import { renderGraphTypes } from '../../scripts/render-graph-types';

const reference = graphReferenceDir(resolve(__dirname, '../../../..'));

function render(): string {
  return renderGraphTypes(
    readFileSync(resolve(reference, 'callrecords-csdl-v1.0.xml'), 'utf8'),
    readFileSync(resolve(reference, 'related-graph-types-csdl-v1.0.xml'), 'utf8'),
  );
}

describe(renderGraphTypes.name, () => {
  it('reproduces the committed generated file exactly (run `npm run generate` if not)', () => {
    const committed = readFileSync(resolve(__dirname, 'generated/call-records.ts'), 'utf8');

    expect(render()).toBe(committed);
  });

  it('renders a schema for every EnumType, ComplexType and EntityType of callRecords', () => {
    const csdl = readFileSync(resolve(reference, 'callrecords-csdl-v1.0.xml'), 'utf8');
    const names = [...csdl.matchAll(/<(?:EnumType|ComplexType|EntityType) Name="(\w+)"/g)];

    const output = render();

    expect(names.length).toBeGreaterThan(30);
    for (const [, name] of names) {
      expect(output).toContain(`// microsoft.graph.callRecords.${name ?? ''} (`);
    }
  });

  it('fails loudly on a property of an unknown type', () => {
    const csdl = `<Schema Namespace="microsoft.graph.callRecords"><ComplexType Name="x">
      <Property Name="y" Type="microsoft.graph.callRecords.nowhere" /></ComplexType></Schema>`;

    expect(() => renderGraphTypes(csdl, '<RelatedTypes />')).toThrow(/unknown type/);
  });
});
