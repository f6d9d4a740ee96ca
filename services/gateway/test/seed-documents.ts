import { z } from 'zod';

import {
  CallRecordDocumentSchema,
  DirectRoutingCallDocumentSchema,
  indexNames,
  INDEX_IDS,
  INDEXES,
  PstnCallDocumentSchema,
  ROLLUP_DOCUMENT_SCHEMAS,
  ROLLUP_INTERVALS,
  ROLLUP_METRICS,
  rollupDocumentId,
  rollupIndexBody,
  rollupIndexName,
  StreamDocumentSchema,
  trunkQualityRollupConcreteIndexName,
  trunkQualityRollupDocumentId,
  TrunkQualityRollupDocumentSchema,
  trunkQualityRollupIndexBody,
  trunkQualityRollupIndexName,
} from '@callrecords/contracts';
import type {
  CallRecord,
  CallRecordDocument,
  DirectRoutingCallDocument,
  DirectRoutingLogRow,
  IndexId,
  PstnCallDocument,
  PstnCallLogRow,
  RollupDocument,
  StreamDocument,
  TrunkQualityRollupDocument,
} from '@callrecords/contracts';
import type { OpenSearchClient } from '@callrecords/opensearch';

// Test data in the index contract's document shape (the gateway may not call the indexer): every
// document is parsed with the contract's zod schema before it is written, so a contract change that
// the gateway does not follow fails here first.

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> | T[K] : T[K] };

/** A value of `schema` with every field empty (null, [], false, 0, ''), to be overridden. */
export function emptyOf(schema: z.ZodType): unknown {
  if (schema instanceof z.ZodNullable) {
    return null;
  }
  if (schema instanceof z.ZodOptional) {
    // Left out, as a document written before the field existed (e.g. `persons`).
    return undefined;
  }
  if (schema instanceof z.ZodObject) {
    return Object.fromEntries(
      Object.entries(schema.shape as Record<string, z.ZodType>).map(([key, child]) => [
        key,
        emptyOf(child),
      ]),
    );
  }
  if (schema instanceof z.ZodArray) {
    return [];
  }
  if (schema instanceof z.ZodBoolean) {
    return false;
  }
  if (schema instanceof z.ZodNumber) {
    return 0;
  }
  if (schema instanceof z.ZodRecord) {
    return {};
  }
  return '';
}

function merge(base: unknown, overrides: unknown): unknown {
  if (
    typeof base !== 'object' ||
    base === null ||
    Array.isArray(base) ||
    typeof overrides !== 'object' ||
    overrides === null ||
    Array.isArray(overrides)
  ) {
    return overrides === undefined ? base : overrides;
  }
  const result: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(overrides)) {
    result[key] = key === 'raw' ? value : merge(result[key], value);
  }
  return result;
}

function identityOf(endpoint: unknown): {
  id?: string;
  displayName?: string;
  userPrincipalName?: string;
} {
  const value = (endpoint as { associatedIdentity?: Record<string, string> } | undefined)
    ?.associatedIdentity;
  return value ?? {};
}

/** A records document for `raw` (a Graph record) in `tenantId`, derived fields computed simply. */
export function callRecordDocument(
  tenantId: string,
  raw: CallRecord,
  overrides: DeepPartial<CallRecordDocument> = {},
): CallRecordDocument {
  const sessions = raw.sessions ?? [];
  const endpoints = sessions.flatMap((s) => [s.caller, s.callee]);
  const people = endpoints.map(identityOf).filter((p) => p.id !== undefined);
  const unique = (values: (string | undefined)[]): string[] => [
    ...new Set(values.filter((v): v is string => !!v)),
  ];
  const segments = sessions.flatMap((s) => s.segments ?? []);
  const streams = segments.flatMap((s) => (s.media ?? []).flatMap((m) => m.streams ?? []));
  const start = raw.startDateTime ?? '2026-11-26T10:00:00Z';
  const end = raw.endDateTime ?? start;
  const organizer = raw.organizer_v2?.identity?.user as
    { id?: string; displayName?: string } | undefined;
  const base = {
    ...(emptyOf(CallRecordDocumentSchema) as CallRecordDocument),
    tenantId,
    id: raw.id,
    version: raw.version ?? 1,
    lastModifiedDateTime: new Date(raw.lastModifiedDateTime ?? end).toISOString(),
    type: raw.type ?? 'unknown',
    modalities: [...(raw.modalities ?? [])],
    startDateTime: new Date(start).toISOString(),
    endDateTime: new Date(end).toISOString(),
    durationSeconds: (Date.parse(end) - Date.parse(start)) / 1000,
    organizer: {
      id: organizer?.id ?? null,
      displayName: organizer?.displayName ?? null,
      userPrincipalName: null,
      phone: null,
    },
    participantIds: unique(people.map((p) => p.id)),
    participantNames: unique(people.map((p) => p.displayName)),
    participantUserPrincipalNames: unique(people.map((p) => p.userPrincipalName)),
    participantCount: unique(people.map((p) => p.id)).length,
    sessionCount: sessions.length,
    segmentCount: segments.length,
    streamCount: streams.length,
    qualityRuleSet: 'cqd-2024-10',
    platforms: unique(
      endpoints.map((e) => (e?.userAgent as { platform?: string } | undefined)?.platform),
    ),
    raw: raw as Record<string, unknown>,
  };
  return CallRecordDocumentSchema.parse(merge(base, overrides));
}

/** A streams document with every metric empty unless overridden. */
export function streamDocument(
  tenantId: string,
  overrides: DeepPartial<StreamDocument> & { id: string; callRecordId: string },
): StreamDocument {
  const base = {
    ...(emptyOf(StreamDocumentSchema) as StreamDocument),
    tenantId,
    version: 1,
    callType: 'peerToPeer',
    modality: 'audio',
    startDateTime: '2026-11-26T10:00:00.000Z',
    qualityRuleSet: 'cqd-2024-10',
  };
  return StreamDocumentSchema.parse(merge(base, overrides));
}

export function pstnCallDocument(
  tenantId: string,
  row: PstnCallLogRow,
  fetchedAt: string,
): PstnCallDocument {
  const base = emptyOf(PstnCallDocumentSchema) as Record<string, unknown>;
  const picked = Object.fromEntries(
    Object.keys(base).map((key) => [key, (row as Record<string, unknown>)[key] ?? base[key]]),
  );
  return PstnCallDocumentSchema.parse({
    ...picked,
    tenantId,
    id: row.id,
    fetchedAt,
    startDateTime: new Date(row.startDateTime ?? fetchedAt).toISOString(),
    endDateTime: row.endDateTime ? new Date(row.endDateTime).toISOString() : null,
    raw: row,
  });
}

export function directRoutingCallDocument(
  tenantId: string,
  row: DirectRoutingLogRow,
  fetchedAt: string,
): DirectRoutingCallDocument {
  const base = emptyOf(DirectRoutingCallDocumentSchema) as Record<string, unknown>;
  const picked = Object.fromEntries(
    Object.keys(base).map((key) => [key, (row as Record<string, unknown>)[key] ?? base[key]]),
  );
  const iso = (value: unknown): string | null =>
    typeof value === 'string' ? new Date(value).toISOString() : null;
  return DirectRoutingCallDocumentSchema.parse({
    ...picked,
    tenantId,
    id: row.id,
    fetchedAt,
    startDateTime: iso(row.startDateTime) ?? fetchedAt,
    inviteDateTime: iso(row.inviteDateTime),
    endDateTime: iso(row.endDateTime),
    failureDateTime: iso(row.failureDateTime),
    raw: row,
  });
}

/** A rollup cell, validated by the rollup contract. */
export function rollupDocument(document: RollupDocument): RollupDocument {
  return ROLLUP_DOCUMENT_SCHEMAS[document.metric].parse(document);
}

/** Creates every index and rollup the gateway reads, under `prefix`, with the contract mappings. */
export async function createIndexes(client: OpenSearchClient, prefix: string): Promise<void> {
  const names = indexNames(prefix);
  await Promise.all([
    ...INDEX_IDS.map((id) =>
      client.indices.create({
        index: `${names[id].series}-000001`,
        body: {
          settings: { number_of_shards: 1, number_of_replicas: 0 },
          mappings: { dynamic: 'strict', properties: INDEXES[id].properties },
          aliases: { [names[id].readAlias]: {}, [names[id].writeAlias]: { is_write_index: true } },
        } as never,
      }),
    ),
    ...ROLLUP_METRICS.flatMap((metric) =>
      ROLLUP_INTERVALS.map((interval) =>
        client.indices.create({
          index: `${rollupIndexName(metric, interval, prefix)}-v1`,
          body: rollupIndexBody(metric, interval, prefix),
        }),
      ),
    ),
  ]);
}

export async function deleteIndexes(client: OpenSearchClient, prefix: string): Promise<void> {
  await client.indices.delete({
    index: `${prefix}callrecords-*`,
    expand_wildcards: 'all',
  } as never);
}

export type SeedItem =
  | {
      readonly index: IndexId;
      readonly document: { readonly tenantId: string; readonly id: string };
    }
  | { readonly rollup: RollupDocument }
  | { readonly trunkQuality: TrunkQualityRollupDocument };

// Only the specs that seed it create the trunk-quality rollup (the gateway answers empty without
// it), so every other harness creates the same indexes as before it existed.
async function createTrunkQualityIndexes(client: OpenSearchClient, prefix: string): Promise<void> {
  for (const interval of ROLLUP_INTERVALS) {
    const index = trunkQualityRollupConcreteIndexName(interval, prefix);
    if (!(await client.indices.exists({ index })).body) {
      await client.indices.create({ index, body: trunkQualityRollupIndexBody(interval, prefix) });
    }
  }
}

/** Writes documents with their contract ids (`<tenantId>:<id>`) and refreshes. */
export async function seed(
  client: OpenSearchClient,
  prefix: string,
  items: readonly SeedItem[],
): Promise<void> {
  if (items.some((item) => 'trunkQuality' in item)) {
    await createTrunkQualityIndexes(client, prefix);
  }
  const names = indexNames(prefix);
  const body = items.flatMap((item): unknown[] => {
    if ('trunkQuality' in item) {
      const doc = TrunkQualityRollupDocumentSchema.parse(item.trunkQuality);
      const _index = trunkQualityRollupIndexName(doc.interval, prefix);
      return [{ index: { _index, _id: trunkQualityRollupDocumentId(doc) } }, doc];
    }
    if ('rollup' in item) {
      const doc = item.rollup;
      return [
        {
          index: {
            _index: rollupIndexName(doc.metric, doc.interval, prefix),
            _id: rollupDocumentId(doc),
          },
        },
        doc,
      ];
    }
    const id = `${item.document.tenantId}:${item.document.id}`;
    return [{ index: { _index: names[item.index].writeAlias, _id: id } }, item.document];
  });
  const response = await client.bulk({ body: body as never, refresh: 'true' });
  if ((response.body as { errors?: boolean }).errors) {
    throw new Error(`seeding failed: ${JSON.stringify(response.body).slice(0, 1000)}`);
  }
}
