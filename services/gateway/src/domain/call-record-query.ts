import type { QueryClause } from './tenant-scope';
import type { TimeRange } from './query-clauses';
import {
  allOf,
  anyFieldClause,
  rangeClause,
  termClause,
  termsClause,
  textClause,
} from './query-clauses';

/** Filters of `callRecords` (all optional, combined with AND). */
export interface CallRecordFilter extends TimeRange {
  readonly types?: readonly string[] | null;
  readonly modalities?: readonly string[] | null;
  readonly participantId?: string | null;
  readonly participantUserPrincipalName?: string | null;
  readonly participantPhoneNumber?: string | null;
  readonly organizerId?: string | null;
  readonly isPoor?: boolean | null;
  readonly poorReasons?: readonly string[] | null;
  readonly platforms?: readonly string[] | null;
  readonly productFamilies?: readonly string[] | null;
  readonly networkConnectionTypes?: readonly string[] | null;
  readonly hasFailure?: boolean | null;
  /** Words in participant or organizer names. */
  readonly text?: string | null;
}

/** Filters naming or identifying people: full access only. */
export const PERSONAL_CALL_RECORD_FILTERS: readonly (keyof CallRecordFilter)[] = [
  'participantId',
  'participantUserPrincipalName',
  'participantPhoneNumber',
  'organizerId',
  'text',
];

export type CallRecordSortField =
  'startDateTime' | 'durationSeconds' | 'participantCount' | 'streamCount';
export type SortDirection = 'asc' | 'desc';

export interface CallRecordSort {
  readonly field: CallRecordSortField;
  readonly direction: SortDirection;
}

export const DEFAULT_CALL_RECORD_SORT: CallRecordSort = {
  field: 'startDateTime',
  direction: 'desc',
};

export function callRecordQuery(filter: CallRecordFilter): QueryClause | undefined {
  const upn = filter.participantUserPrincipalName;
  return allOf([
    ...rangeClause('startDateTime', filter),
    ...termsClause('type', filter.types),
    ...termsClause('modalities', filter.modalities),
    ...termClause('participantIds', filter.participantId),
    ...anyFieldClause(['participantUserPrincipalNames', 'organizer.userPrincipalName'], upn),
    ...anyFieldClause(
      ['participantPhoneNumbers', 'organizer.phone'],
      filter.participantPhoneNumber,
    ),
    ...termClause('organizer.id', filter.organizerId),
    ...termClause('isPoor', filter.isPoor),
    ...termsClause('poorReasons', filter.poorReasons),
    ...termsClause('platforms', filter.platforms),
    ...termsClause('productFamilies', filter.productFamilies),
    ...termsClause('networkConnectionTypes', filter.networkConnectionTypes),
    ...termClause('hasFailure', filter.hasFailure),
    ...textClause(['participantNames', 'organizer.displayName'], filter.text),
  ]);
}

/** The sort of a page: the chosen field, then the id so that equal values page deterministically. */
export function callRecordSortClauses(sort: CallRecordSort): QueryClause[] {
  return [{ [sort.field]: { order: sort.direction } }, { id: { order: sort.direction } }];
}

/** Facets for a filter panel: value counts of the low-cardinality fields (never personal ones). */
export const CALL_RECORD_FACETS = {
  types: 'type',
  modalities: 'modalities',
  platforms: 'platforms',
  productFamilies: 'productFamilies',
  networkConnectionTypes: 'networkConnectionTypes',
  poorReasons: 'poorReasons',
} as const;

export type CallRecordFacetName = keyof typeof CALL_RECORD_FACETS;
