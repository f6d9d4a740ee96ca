import type { QueryClause } from './tenant-scope';
import type { TimeRange } from './query-clauses';
import { allOf, anyFieldClause, rangeClause, termClause, termsClause } from './query-clauses';

/** Filters of `pstnCalls`. */
export interface PstnCallFilter extends TimeRange {
  readonly callTypes?: readonly string[] | null;
  readonly userId?: string | null;
  readonly userPrincipalName?: string | null;
  /** Caller or callee number. */
  readonly phoneNumber?: string | null;
  readonly usageCountryCodes?: readonly string[] | null;
  readonly currency?: string | null;
}

/** Filters of `directRoutingCalls`. */
export interface DirectRoutingCallFilter extends TimeRange {
  readonly callTypes?: readonly string[] | null;
  readonly userId?: string | null;
  readonly userPrincipalName?: string | null;
  readonly phoneNumber?: string | null;
  readonly successfulCall?: boolean | null;
  readonly trunkFullyQualifiedDomainNames?: readonly string[] | null;
  readonly finalSipCodes?: readonly number[] | null;
}

export const PERSONAL_REPORT_FILTERS = ['userId', 'userPrincipalName', 'phoneNumber'] as const;

const NUMBERS = ['callerNumber', 'calleeNumber'];

export function pstnCallQuery(filter: PstnCallFilter): QueryClause | undefined {
  return allOf([
    ...rangeClause('startDateTime', filter),
    ...termsClause('callType', filter.callTypes),
    ...termClause('userId', filter.userId),
    ...termClause('userPrincipalName', filter.userPrincipalName),
    ...anyFieldClause(NUMBERS, filter.phoneNumber),
    ...termsClause('usageCountryCode', filter.usageCountryCodes),
    ...termClause('currency', filter.currency),
  ]);
}

export function directRoutingCallQuery(filter: DirectRoutingCallFilter): QueryClause | undefined {
  return allOf([
    ...rangeClause('startDateTime', filter),
    ...termsClause('callType', filter.callTypes),
    ...termClause('userId', filter.userId),
    ...termClause('userPrincipalName', filter.userPrincipalName),
    ...anyFieldClause(NUMBERS, filter.phoneNumber),
    ...termClause('successfulCall', filter.successfulCall),
    ...termsClause('trunkFullyQualifiedDomainName', filter.trunkFullyQualifiedDomainNames),
    ...termsClause('finalSipCode', filter.finalSipCodes),
  ]);
}

/** Report rows page newest first; the row id breaks ties. */
export const REPORT_SORT: readonly QueryClause[] = [
  { startDateTime: { order: 'desc' } },
  { id: { order: 'desc' } },
];

export const PSTN_TOTALS: Readonly<Record<string, QueryClause>> = {
  durationSeconds: { sum: { field: 'duration' } },
  charge: { sum: { field: 'charge' } },
  currencies: { terms: { field: 'currency', size: 10 } },
};

export const DIRECT_ROUTING_TOTALS: Readonly<Record<string, QueryClause>> = {
  durationSeconds: { sum: { field: 'duration' } },
  successes: { filter: { term: { successfulCall: true } } },
  failures: { filter: { term: { successfulCall: false } } },
};
