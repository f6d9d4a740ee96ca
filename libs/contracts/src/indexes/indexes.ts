import type { z } from 'zod';

import type { ServiceName } from '../services';
import { CALL_RECORD_PROPERTIES, CallRecordDocumentSchema } from './call-record-index';
import {
  DIRECT_ROUTING_CALL_PROPERTIES,
  DirectRoutingCallDocumentSchema,
  PSTN_CALL_PROPERTIES,
  PstnCallDocumentSchema,
} from './report-row-index';
import { STREAM_PROPERTIES, StreamDocumentSchema } from './stream-index';

export type IndexId = 'records' | 'streams' | 'pstnCalls' | 'directRoutingCalls';

/** One index series: the indexer↔gateway contract (STYLE.md §2.5, "Indexes"). */
export interface IndexDefinition {
  readonly id: IndexId;
  /** Logical name, which is also the read alias: `callrecords-records`. */
  readonly name: string;
  readonly description: string;
  /** The only service that writes it. */
  readonly owner: ServiceName;
  /** The date field dashboards and time filters use. */
  readonly timeField: string;
  /** Mapping `properties` (the document's fields). */
  readonly properties: Readonly<Record<string, unknown>>;
  readonly documentSchema: z.ZodType;
}

/** Every index the pipeline writes outside rollups. Readers go through the read alias only. */
export const INDEXES = {
  records: {
    id: 'records',
    name: 'callrecords-records',
    description:
      'One document per call record at its highest version, with the Graph record in raw.',
    owner: 'indexer',
    timeField: 'startDateTime',
    properties: CALL_RECORD_PROPERTIES,
    documentSchema: CallRecordDocumentSchema,
  },
  streams: {
    id: 'streams',
    name: 'callrecords-streams',
    description: 'One document per media stream, with both endpoints, device, network and metrics.',
    owner: 'indexer',
    timeField: 'startDateTime',
    properties: STREAM_PROPERTIES,
    documentSchema: StreamDocumentSchema,
  },
  pstnCalls: {
    id: 'pstnCalls',
    name: 'callrecords-pstn-calls',
    description: 'One document per getPstnCalls row.',
    owner: 'indexer',
    timeField: 'startDateTime',
    properties: PSTN_CALL_PROPERTIES,
    documentSchema: PstnCallDocumentSchema,
  },
  directRoutingCalls: {
    id: 'directRoutingCalls',
    name: 'callrecords-directrouting-calls',
    description: 'One document per getDirectRoutingCalls row.',
    owner: 'indexer',
    timeField: 'startDateTime',
    properties: DIRECT_ROUTING_CALL_PROPERTIES,
    documentSchema: DirectRoutingCallDocumentSchema,
  },
} as const satisfies Record<IndexId, IndexDefinition>;

export const INDEX_IDS: readonly IndexId[] = [
  'records',
  'streams',
  'pstnCalls',
  'directRoutingCalls',
];

/** The concrete names of one index series under an OPENSEARCH_INDEX_PREFIX. */
export interface IndexNames {
  readonly id: IndexId;
  /** What readers query (the gateway, dashboards): every live backing index. */
  readonly readAlias: string;
  /** What the indexer writes to: exactly one backing index (`is_write_index`). */
  readonly writeAlias: string;
  /** The rollover series base: backing indexes are `<series>-000001`, `<series>-000002`, … */
  readonly series: string;
  readonly templateName: string;
  /** Matches every generation's backing indexes, never another series'. */
  readonly indexPattern: string;
}

/** The names of `definition`'s aliases, template and backing indexes under `prefix`. */
export function resolveIndexNames(definition: IndexDefinition, prefix: string): IndexNames {
  const name = `${prefix}${definition.name}`;
  return {
    id: definition.id,
    readAlias: name,
    writeAlias: `${name}-write`,
    series: name,
    templateName: name,
    indexPattern: `${name}-*`,
  };
}

/** Every index series' names under `prefix` (OPENSEARCH_INDEX_PREFIX, '' in production). */
export function indexNames(prefix: string): Record<IndexId, IndexNames> {
  return {
    records: resolveIndexNames(INDEXES.records, prefix),
    streams: resolveIndexNames(INDEXES.streams, prefix),
    pstnCalls: resolveIndexNames(INDEXES.pstnCalls, prefix),
    directRoutingCalls: resolveIndexNames(INDEXES.directRoutingCalls, prefix),
  };
}

/**
 * The backing-index series of a rebuild generation (`callrecords-records-g20261126t2200`): matched by
 * the same template, rolled over like the live series, and put behind the aliases by a swap.
 */
export function generationSeries(names: IndexNames, generation: string): string {
  if (!/^[a-z0-9]+$/.test(generation)) {
    throw new Error(`generation must be lowercase letters and digits: ${generation}`);
  }
  return `${names.series}-g${generation}`;
}
