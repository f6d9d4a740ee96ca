import { CALL_RECORDS, readGraphModel } from './csdl-model';
import type { EnumType, Model, Property, StructuredType } from './csdl-model';

// Renders src/graph/generated/call-records.ts from the callRecords CSDL and the graph.* types it
// refers to. Shared by generate-graph-types.mts (writes the file) and generated-drift.spec.ts
// (compares it).

type Mode = 'lenient' | 'strict';

const EDM: Readonly<Record<string, string>> = {
  'Edm.String': 'z.string()',
  'Edm.Boolean': 'z.boolean()',
  'Edm.Int32': 'z.int32()',
  'Edm.Int64': 'z.int()',
  'Edm.Single': 'z.number()',
  'Edm.Double': 'z.number()',
  'Edm.Decimal': 'z.number()',
  'Edm.Guid': 'z.guid()',
  'Edm.DateTimeOffset': 'EdmDateTimeOffsetSchema',
  'Edm.Duration': 'EdmDurationSchema',
};

// Erasable syntax only (no parameter properties, enums or namespaces): Node strips the types.
class Renderer {
  private readonly model: Model;
  private readonly referenced: ReadonlySet<string>;

  constructor(model: Model) {
    this.model = model;
    const all = [...model.types.values()];
    this.referenced = new Set(all.flatMap((t) => t.properties.map((p) => p.type)));
  }

  render(): string {
    const enums = [...this.model.enums.values()].sort((a, b) => a.fqn.localeCompare(b.fqn));
    return [
      HEADER,
      ...enums.map((e) => this.renderEnum(e)),
      ...this.emitOrder().map((fqn) => this.renderType(fqn)),
    ].join('\n');
  }

  private tsName(fqn: string): string {
    const type = this.model.types.get(fqn) ?? this.model.enums.get(fqn);
    if (type === undefined) {
      throw new Error(`unknown type ${fqn}`);
    }
    const pascal = type.name.charAt(0).toUpperCase() + type.name.slice(1);
    const clash =
      type.namespace !== CALL_RECORDS &&
      (this.model.types.has(`${CALL_RECORDS}.${type.name}`) ||
        this.model.enums.has(`${CALL_RECORDS}.${type.name}`));
    return clash ? `Graph${pascal}` : pascal;
  }

  private ancestors(fqn: string): StructuredType[] {
    const type = this.model.types.get(fqn);
    return type === undefined ? [] : [...this.ancestors(type.baseType ?? ''), type];
  }

  private allProperties(fqn: string): { props: Property[]; key: Set<string> } {
    const chain = this.ancestors(fqn);
    return {
      props: chain.flatMap((t) => t.properties),
      key: new Set(chain.flatMap((t) => t.key)),
    };
  }

  private descendants(fqn: string): StructuredType[] {
    return [...this.model.types.values()]
      .filter(
        (t) => !t.abstract && t.fqn !== fqn && this.ancestors(t.fqn).some((a) => a.fqn === fqn),
      )
      .sort((a, b) => a.fqn.localeCompare(b.fqn));
  }

  /**
   * A type whose values may be subtypes: properties of this type get a union over `@odata.type`.
   */
  private isPolymorphic(fqn: string): boolean {
    return this.referenced.has(fqn) && this.descendants(fqn).length > 0;
  }

  private emitOrder(): string[] {
    const order: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (fqn: string): void => {
      if (state.get(fqn) === 'done') {
        return;
      }
      if (state.get(fqn) === 'visiting') {
        throw new Error(`recursive type ${fqn} is not supported`);
      }
      state.set(fqn, 'visiting');
      const deps = this.allProperties(fqn).props.map((p) => p.type);
      const subtypes = this.isPolymorphic(fqn) ? this.descendants(fqn).map((t) => t.fqn) : [];
      [...deps, ...subtypes].filter((d) => this.model.types.has(d)).forEach(visit);
      state.set(fqn, 'done');
      order.push(fqn);
    };
    [...this.model.types.keys()].sort().forEach(visit);
    return order;
  }

  private renderEnum(type: EnumType): string {
    const name = this.tsName(type.fqn);
    const values = `${name.replace(/(?<=[a-z0-9])(?=[A-Z])/g, '_').toUpperCase()}_VALUES`;
    return [
      `// ${type.fqn} (EnumType)`,
      `export const ${values} = [${type.members.map((m) => `'${m}'`).join(', ')}] as const;`,
      `export const ${name}Schema = openEnum(${values});`,
      `export const ${name}StrictSchema = z.enum(${values});`,
      `export type ${name} = z.infer<typeof ${name}Schema>;`,
      '',
    ].join('\n');
  }

  private renderType(fqn: string): string {
    const type = this.model.types.get(fqn);
    if (type === undefined) {
      throw new Error(`unknown type ${fqn}`);
    }
    const name = this.tsName(fqn);
    const kind = `${type.entity ? 'EntityType' : 'ComplexType'}${type.open ? ', open' : ''}${type.abstract ? ', abstract' : ''}`;
    const lines = [`// ${fqn} (${kind})`, ...this.renderObject(type)];
    if (this.isPolymorphic(fqn)) {
      lines.push(...this.renderUnion(type, 'lenient'), ...this.renderUnion(type, 'strict'));
    }
    lines.push(`export type ${name} = z.infer<typeof ${name}Schema>;`, '');
    return lines.join('\n');
  }

  private objectName(fqn: string, mode: Mode): string {
    const exact = this.isPolymorphic(fqn) ? 'Exact' : '';
    return `${this.tsName(fqn)}${exact}${mode === 'strict' ? 'StrictSchema' : 'Schema'}`;
  }

  private renderObject(type: StructuredType): string[] {
    const { props, key } = this.allProperties(type.fqn);
    const fields = `${this.tsName(type.fqn).replace(/^./, (c) => c.toLowerCase())}Fields`;
    const shared = [
      ...(type.entity ? [`'@odata.context': z.string().optional()`] : []),
      ...props.flatMap((p) => this.controlFields(p)),
      ...props.filter((p) => p.type in EDM).map((p) => this.field(p, key, 'lenient')),
    ];
    const object = (mode: Mode): string[] => {
      const factory = mode === 'lenient' || type.open ? 'z.looseObject' : 'z.strictObject';
      const odataType =
        mode === 'strict' ? `z.literal('#${type.fqn}').optional()` : 'z.string().optional()';
      const head = [...(shared.length > 0 ? [`...${fields}`] : []), `'@odata.type': ${odataType}`];
      const own = props.filter((p) => !(p.type in EDM)).map((p) => this.field(p, key, mode));
      const start = `export const ${this.objectName(type.fqn, mode)} = ${factory}({`;
      return own.length === 0
        ? [`${start} ${head.join(', ')} });`]
        : [start, ...[...head, ...own].map((line) => `  ${line},`), '});'];
    };
    const sharedLines =
      shared.length === 0 ? [] : [`const ${fields} = {`, ...shared.map((l) => `  ${l},`), '};'];
    return [...sharedLines, ...object('lenient'), ...object('strict')];
  }

  /**
   * Nested-paging and context annotations Graph puts beside navigation properties
   * (libs/contracts/graph-reference/FACTS.md §1, fact 10).
   */
  private controlFields(prop: Property): string[] {
    if (!prop.navigation) {
      return [];
    }
    const context = `'${prop.name}@odata.context': z.string().optional()`;
    return prop.collection
      ? [context, `'${prop.name}@odata.nextLink': z.string().optional()`]
      : [context];
  }

  private field(prop: Property, key: ReadonlySet<string>, mode: Mode): string {
    const suffix = mode === 'strict' ? 'StrictSchema' : 'Schema';
    const edm = EDM[prop.type];
    if (prop.type.startsWith('Edm.') && edm === undefined) {
      throw new Error(`no zod mapping for ${prop.type}`);
    }
    let expr = edm ?? `${this.tsName(prop.type)}${suffix}`;
    if (prop.collection) {
      expr = `z.array(${expr})`;
    }
    // The key is always sent (every example has it, and pages are merged by it); the rest may be
    // absent ($select, early versions, shortened payloads) and is null unless Nullable="false".
    if (!key.has(prop.name)) {
      expr += prop.nullable ? '.nullable().optional()' : '.optional()';
    }
    return `${/^[A-Za-z_$][\w$]*$/.test(prop.name) ? prop.name : `'${prop.name}'`}: ${expr}`;
  }

  private renderUnion(type: StructuredType, mode: Mode): string[] {
    const name = `${this.tsName(type.fqn)}${mode === 'strict' ? 'StrictSchema' : 'Schema'}`;
    const members = this.descendants(type.fqn).map(
      (d) => `${this.objectName(d.fqn, mode)}.extend({ '@odata.type': z.literal('#${d.fqn}') })`,
    );
    if (mode === 'lenient') {
      // A subtype Graph adds later still parses as the base. The known subtypes are found by their
      // `@odata.type` first: a plain union parsed every earlier option in full before the one that
      // matched (a user identity was its ninth), which made this the costliest decode of a record.
      const known = [`  z.discriminatedUnion('@odata.type', [`, ...members.map((m) => `    ${m},`)];
      const base = `  ${this.objectName(type.fqn, mode)},`;
      return [`export const ${name} = z.union([`, ...known, '  ]),', base, ']);'];
    }
    // Strict: only CSDL types.
    if (!type.abstract) {
      members.push(this.objectName(type.fqn, mode));
    }
    const open = `z.discriminatedUnion('@odata.type', [`;
    return [`export const ${name} = ${open}`, ...members.map((m) => `  ${m},`), ']);'];
  }
}

const HEADER = `// Generated by libs/contracts/scripts/generate-graph-types.mts from the Microsoft Graph v1.0 CSDL
// (libs/contracts/graph-reference/callrecords-csdl-v1.0.xml and related-graph-types-csdl-v1.0.xml).
// DO NOT EDIT: run \`npm run generate\`; generated-drift.spec.ts fails when this file is stale.
//
// Per CSDL type: XSchema (lenient, for runtime edges: unknown keys kept, enums open, unknown
// subtypes accepted), XStrictSchema (CSDL names and members only; open types still take extra keys)
// and type X (inferred from the lenient schema). Types with subtypes are unions over @odata.type.
import { z } from 'zod';

import { EdmDateTimeOffsetSchema, EdmDurationSchema, openEnum } from '../edm';
`;

/** The TypeScript source of src/graph/generated/call-records.ts for the two CSDL documents. */
export function renderGraphTypes(csdlXml: string, relatedXml: string): string {
  return new Renderer(readGraphModel(csdlXml, relatedXml)).render();
}
