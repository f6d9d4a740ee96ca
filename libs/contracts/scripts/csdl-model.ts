import { XMLParser } from 'fast-xml-parser';

// Reads the callRecords CSDL and the related graph.* types into a small model for render-graph-types.ts.

export const CALL_RECORDS = 'microsoft.graph.callRecords';
const GRAPH = 'microsoft.graph';
const ALIASES: Readonly<Record<string, string>> = { graph: GRAPH };

type XmlNode = Readonly<Record<string, unknown>>;

export interface Property {
  readonly name: string;
  readonly type: string;
  readonly collection: boolean;
  readonly nullable: boolean;
  readonly navigation: boolean;
}

export interface StructuredType {
  readonly fqn: string;
  readonly name: string;
  readonly namespace: string;
  readonly baseType: string | undefined;
  readonly abstract: boolean;
  readonly open: boolean;
  readonly entity: boolean;
  readonly key: readonly string[];
  readonly properties: readonly Property[];
}

export interface EnumType {
  readonly fqn: string;
  readonly name: string;
  readonly namespace: string;
  readonly members: readonly string[];
}

/** The CSDL types to generate: callRecords and the graph.* types they reach. */
export interface Model {
  readonly enums: ReadonlyMap<string, EnumType>;
  readonly types: ReadonlyMap<string, StructuredType>;
}

// fast-xml-parser gives an object for a single child and an array for several.
function children(node: XmlNode | undefined, tag: string): XmlNode[] {
  const value = node?.[tag];
  if (value === undefined || typeof value !== 'object') {
    return [];
  }
  return Array.isArray(value) ? (value as XmlNode[]) : [value as XmlNode];
}

function attr(node: XmlNode, name: string): string | undefined {
  const value = node[name];
  return typeof value === 'string' ? value : undefined;
}

function requiredAttr(node: XmlNode, name: string): string {
  const value = attr(node, name);
  if (value === undefined) {
    throw new Error(`CSDL element without ${name}: ${JSON.stringify(node)}`);
  }
  return value;
}

function qualify(name: string): string {
  const dot = name.indexOf('.');
  const alias = ALIASES[name.slice(0, dot)];
  return alias === undefined ? name : alias + name.slice(dot);
}

function readProperty(node: XmlNode, navigation: boolean): Property {
  const raw = requiredAttr(node, 'Type');
  const collection = /^Collection\((.+)\)$/.exec(raw);
  return {
    name: requiredAttr(node, 'Name'),
    type: qualify(collection?.[1] ?? raw),
    collection: collection !== null,
    nullable: attr(node, 'Nullable') !== 'false',
    navigation,
  };
}

function readStructured(node: XmlNode, namespace: string, entity: boolean): StructuredType {
  const name = requiredAttr(node, 'Name');
  const baseType = attr(node, 'BaseType');
  const key = children(node['Key'] as XmlNode | undefined, 'PropertyRef');
  return {
    fqn: `${namespace}.${name}`,
    name,
    namespace,
    baseType: baseType === undefined ? undefined : qualify(baseType),
    abstract: attr(node, 'Abstract') === 'true',
    open: attr(node, 'OpenType') === 'true',
    entity,
    key: key.map((ref) => requiredAttr(ref, 'Name')),
    properties: [
      ...children(node, 'Property').map((p) => readProperty(p, false)),
      ...children(node, 'NavigationProperty').map((p) => readProperty(p, true)),
    ],
  };
}

function readModel(csdlXml: string, relatedXml: string): Model {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
  });
  const schema = (parser.parse(csdlXml) as XmlNode)['Schema'] as XmlNode | undefined;
  const related = (parser.parse(relatedXml) as XmlNode)['RelatedTypes'] as XmlNode | undefined;
  if (schema === undefined || attr(schema, 'Namespace') !== CALL_RECORDS || related === undefined) {
    throw new Error(`expected <Schema Namespace="${CALL_RECORDS}"> and <RelatedTypes>`);
  }
  const enums = new Map<string, EnumType>();
  const types = new Map<string, StructuredType>();
  for (const [container, namespace] of [
    [schema, CALL_RECORDS],
    [related, GRAPH],
  ] as const) {
    for (const node of children(container, 'EnumType')) {
      const name = requiredAttr(node, 'Name');
      const members = children(node, 'Member').map((m) => requiredAttr(m, 'Name'));
      enums.set(`${namespace}.${name}`, { fqn: `${namespace}.${name}`, name, namespace, members });
    }
    for (const [tag, entity] of [
      ['ComplexType', false],
      ['EntityType', true],
    ] as const) {
      children(container, tag).forEach((n) => {
        const type = readStructured(n, namespace, entity);
        types.set(type.fqn, type);
      });
    }
  }
  return { enums, types };
}

// Every callRecords type, plus the graph.* types they reach through bases, properties and subtypes.
function selectModel(model: Model): Model {
  const selected = new Set(
    [...model.types.keys()].filter((fqn) => fqn.startsWith(`${CALL_RECORDS}.`)),
  );
  const add = (fqn: string | undefined): void => {
    if (fqn !== undefined && model.types.has(fqn) && !selected.has(fqn)) {
      selected.add(fqn);
      visit(fqn);
    }
  };
  const visit = (fqn: string): void => {
    const type = model.types.get(fqn);
    add(type?.baseType);
    type?.properties.forEach((p) => add(p.type));
    [...model.types.values()].filter((t) => t.baseType === fqn).forEach((t) => add(t.fqn));
  };
  [...selected].forEach(visit);
  const types = [...model.types.values()].filter((t) => selected.has(t.fqn));
  const used = new Set(types.flatMap((t) => t.properties.map((p) => p.type)));
  const enums = [...model.enums.values()].filter(
    (e) => e.namespace === CALL_RECORDS || used.has(e.fqn),
  );
  for (const type of types) {
    const missing = type.properties.find(
      (p) => !p.type.startsWith('Edm.') && !model.types.has(p.type) && !model.enums.has(p.type),
    );
    if (missing) {
      throw new Error(`${type.fqn}.${missing.name} refers to unknown type ${missing.type}`);
    }
  }
  return {
    enums: new Map(enums.map((e) => [e.fqn, e])),
    types: new Map(types.map((t) => [t.fqn, t])),
  };
}

/** The types to generate, read from the callRecords `<Schema>` and the `<RelatedTypes>` documents. */
export function readGraphModel(csdlXml: string, relatedXml: string): Model {
  return selectModel(readModel(csdlXml, relatedXml));
}
