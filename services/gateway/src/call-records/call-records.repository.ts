import { Injectable } from '@nestjs/common';

import { CallRecordDocumentSchema } from '@callrecords/contracts';
import type { CallRecordDocument } from '@callrecords/contracts';

import { assertMayFilterOn } from '../domain/access-policy';
import {
  CALL_RECORD_FACETS,
  callRecordQuery,
  callRecordSortClauses,
  DEFAULT_CALL_RECORD_SORT,
  PERSONAL_CALL_RECORD_FILTERS,
} from '../domain/call-record-query';
import { latestById } from '../domain/latest-by-id';
import { facetAggregations } from '../domain/query-clauses';
import type { CallRecordFilter, CallRecordSort } from '../domain/call-record-query';
import type { TenantScope } from '../domain/tenant-scope';
import { scopedQuery } from '../domain/tenant-scope';
import { PagedSearchService } from '../search/paged-search.service';
import type { Page } from '../search/paged-search.service';
import { SearchService } from '../search/search.service';

const RECORDS = { kind: 'index', id: 'records' } as const;

export interface CallRecordPageRequest {
  readonly filter: CallRecordFilter;
  readonly sort: CallRecordSort | undefined;
  readonly first: number | null | undefined;
  readonly after: string | null | undefined;
  readonly withFacets: boolean;
  /** Whether the caller reads `pageInfo.endCursor` (else none is signed). */
  readonly withCursor: boolean;
  /** The stored fields to fetch (`sourceFieldsOf`); undefined fetches whole documents. */
  readonly fields: readonly string[] | undefined;
}

type DocumentParser = (source: unknown) => CallRecordDocument;

// One schema per field list, built on first use. Operations choose among a few dozen fields, so
// the lists seen are few; the cache is emptied past a bound all the same.
const PARSERS_MAX = 256;
const parsers = new Map<string, DocumentParser>();

/**
 * Checks a document fetched with only `fields` against the index contract's schema of those
 * fields. The fields left out stay undefined: the operation did not select them, so its mapping
 * never reads them (CALL_RECORD_SOURCE_FIELDS).
 */
function documentParser(fields: readonly string[] | undefined): DocumentParser {
  if (fields === undefined) {
    return (source) => CallRecordDocumentSchema.parse(source);
  }
  const key = fields.join(',');
  let parser = parsers.get(key);
  if (parser === undefined) {
    const mask: Partial<Record<keyof CallRecordDocument, true>> = Object.fromEntries(
      fields.map((field) => [field, true]),
    );
    const schema = CallRecordDocumentSchema.pick(mask);
    parser = (source) => schema.parse(source);
    if (parsers.size >= PARSERS_MAX) {
      parsers.clear();
    }
    parsers.set(key, parser);
  }
  return parser;
}

const sourceOf = (fields: readonly string[] | undefined) =>
  fields === undefined ? {} : { source: fields };

export interface CallRecordPage extends Omit<Page, 'hits'> {
  readonly documents: readonly CallRecordDocument[];
}

/** Reads `callrecords-records` through its contract; every method is scoped to one tenant. */
@Injectable()
export class CallRecordsRepository {
  constructor(
    private readonly search: SearchService,
    private readonly pages: PagedSearchService,
  ) {}

  /** The latest version of each of `ids`, with only `fields` (undefined: whole documents). */
  async findByIds(
    scope: TenantScope,
    ids: readonly string[],
    fields: readonly string[] | undefined,
  ): Promise<Map<string, CallRecordDocument>> {
    const result = await this.search.search(
      RECORDS,
      scopedQuery(scope, {
        query: { terms: { id: [...new Set(ids)] } },
        size: ids.length * 2,
        ...sourceOf(fields),
      }),
    );
    const parse = documentParser(fields);
    const documents = result.hits.map((hit) => parse(hit.source));
    return new Map(latestById(documents).map((doc) => [doc.id, doc]));
  }

  async page(scope: TenantScope, request: CallRecordPageRequest): Promise<CallRecordPage> {
    assertMayFilterOn(scope.access, { ...request.filter }, PERSONAL_CALL_RECORD_FILTERS);
    const sort = request.sort ?? DEFAULT_CALL_RECORD_SORT;
    const page = await this.pages.page(scope, RECORDS, {
      query: callRecordQuery(request.filter),
      sort: callRecordSortClauses(sort),
      first: request.first,
      after: request.after,
      ...(request.withFacets ? { aggs: facetAggregations(CALL_RECORD_FACETS) } : {}),
      ...sourceOf(request.fields),
      shape: { filter: request.filter, sort },
      withCursor: request.withCursor,
    });
    const parse = documentParser(request.fields);
    return {
      ...page,
      documents: latestById(page.hits.map((hit) => parse(hit.source))),
    };
  }
}
