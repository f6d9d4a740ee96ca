import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { XMLParser } from 'fast-xml-parser';

import { isJsonObject } from '../simulator.types';
import { graphReferenceDir } from './graph-reference';

// Reads the CSDL of the shared reference and checks a JSON value against it: every property name must be
// declared on its type (or the type open), every enum value a member. For the generator's specs.

interface CsdlType {
  readonly baseType: string | undefined;
  readonly isOpen: boolean;
  readonly properties: ReadonlyMap<string, string>;
}

export interface CsdlSchema {
  readonly types: ReadonlyMap<string, CsdlType>;
  readonly enums: ReadonlyMap<string, ReadonlySet<string>>;
}

type XmlNode = Record<string, unknown>;

const list = (value: unknown): XmlNode[] =>
  (Array.isArray(value) ? value : value ? [value] : []) as XmlNode[];
const qualify = (name: string): string => name.replace(/^graph\./, 'microsoft.graph.');

function readTypes(
  container: XmlNode,
  namespace: string,
  schema: { types: Map<string, CsdlType>; enums: Map<string, Set<string>> },
): void {
  for (const node of [...list(container['EntityType']), ...list(container['ComplexType'])]) {
    const properties = new Map<string, string>();
    for (const property of [...list(node['Property']), ...list(node['NavigationProperty'])]) {
      properties.set(String(property['@_Name']), qualify(String(property['@_Type'])));
    }
    const base = node['@_BaseType'];
    schema.types.set(`${namespace}.${String(node['@_Name'])}`, {
      baseType: typeof base === 'string' ? qualify(base) : undefined,
      isOpen: node['@_OpenType'] === 'true',
      properties,
    });
  }
  for (const node of list(container['EnumType'])) {
    schema.enums.set(
      `${namespace}.${String(node['@_Name'])}`,
      new Set(list(node['Member']).map((member) => String(member['@_Name']))),
    );
  }
}

export function readCsdlSchema(): CsdlSchema {
  const parser = new XMLParser({ ignoreAttributes: false });
  const read = (file: string): XmlNode =>
    parser.parse(readFileSync(join(graphReferenceDir(), file), 'utf8')) as XmlNode;
  const schema = { types: new Map<string, CsdlType>(), enums: new Map<string, Set<string>>() };
  readTypes(
    read('callrecords-csdl-v1.0.xml')['Schema'] as XmlNode,
    'microsoft.graph.callRecords',
    schema,
  );
  readTypes(
    read('related-graph-types-csdl-v1.0.xml')['RelatedTypes'] as XmlNode,
    'microsoft.graph',
    schema,
  );
  return schema;
}

// `null` stands for "not declared, but the type is open".
function propertyType(
  schema: CsdlSchema,
  typeName: string,
  property: string,
): string | null | undefined {
  let current: string | undefined = typeName;
  let isOpen = false;
  while (current) {
    const type = schema.types.get(current);
    if (!type) {
      return undefined;
    }
    isOpen ||= type.isOpen;
    const found = type.properties.get(property);
    if (found) {
      return found;
    }
    current = type.baseType;
  }
  return isOpen ? null : undefined;
}

/** Problems found in `value` read as `typeName`: undeclared properties and unknown enum members. */
export function csdlProblems(schema: CsdlSchema, typeName: string, value: unknown): string[] {
  return problemsAt(schema, { typeName, value, path: '$' });
}

function problemsAt(
  schema: CsdlSchema,
  at: { readonly typeName: string; readonly value: unknown; readonly path: string },
): string[] {
  const { typeName, value, path } = at;
  if (value === null || value === undefined) {
    return [];
  }
  const collection = /^Collection\((.+)\)$/.exec(typeName)?.[1];
  if (collection) {
    return Array.isArray(value)
      ? value.flatMap((item, index) =>
          problemsAt(schema, { typeName: collection, value: item, path: `${path}[${index}]` }),
        )
      : [`${path}: not a collection`];
  }
  const members = schema.enums.get(typeName);
  if (members) {
    return typeof value === 'string' && members.has(value)
      ? []
      : [`${path}: ${JSON.stringify(value)} is not a ${typeName} member`];
  }
  if (!schema.types.has(typeName) || !isJsonObject(value)) {
    return [];
  }
  const odataType =
    typeof value['@odata.type'] === 'string' ? value['@odata.type'].replace(/^#/, '') : undefined;
  const actual = odataType && schema.types.has(odataType) ? odataType : typeName;
  return Object.entries(value).flatMap(([key, field]) => {
    if (key.startsWith('@odata.')) {
      return [];
    }
    const declared = propertyType(schema, actual, key);
    if (declared === undefined) {
      return [`${path}.${key}: not declared on ${actual}`];
    }
    return declared === null
      ? []
      : problemsAt(schema, { typeName: declared, value: field, path: `${path}.${key}` });
  });
}
