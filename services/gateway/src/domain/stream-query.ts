import type { QueryClause } from './tenant-scope';
import type { TimeRange } from './query-clauses';
import { allOf, anyFieldClause, rangeClause, termClause, termsClause } from './query-clauses';

/** Filters of `streams`: quality slicing by subnet, network, device, platform and time. */
export interface StreamFilter extends TimeRange {
  readonly callRecordId?: string | null;
  readonly modalities?: readonly string[] | null;
  readonly isPoor?: boolean | null;
  readonly isClassified?: boolean | null;
  readonly poorReasons?: readonly string[] | null;
  /** Either endpoint's subnet. */
  readonly subnet?: string | null;
  readonly connectionTypes?: readonly string[] | null;
  readonly platforms?: readonly string[] | null;
  /** Either endpoint's capture device. */
  readonly captureDeviceName?: string | null;
  readonly isRelayed?: boolean | null;
  readonly userId?: string | null;
}

export const PERSONAL_STREAM_FILTERS: readonly (keyof StreamFilter)[] = ['userId'];

export function streamQuery(filter: StreamFilter): QueryClause | undefined {
  const bothSides = (path: string): string[] => [`caller.${path}`, `callee.${path}`];
  return allOf([
    ...rangeClause('startDateTime', filter),
    ...termClause('callRecordId', filter.callRecordId),
    ...termsClause('modality', filter.modalities),
    ...termClause('isPoor', filter.isPoor),
    ...termClause('isClassified', filter.isClassified),
    ...termsClause('poorReasons', filter.poorReasons),
    ...anyFieldClause(bothSides('network.subnet'), filter.subnet),
    ...anyOfValues(bothSides('network.connectionType'), filter.connectionTypes),
    ...anyOfValues(bothSides('platform'), filter.platforms),
    ...anyFieldClause(bothSides('device.captureDeviceName'), filter.captureDeviceName),
    ...anyFieldClause(bothSides('network.isRelayed'), filterFlag(filter.isRelayed)),
    ...anyFieldClause(bothSides('userId'), filter.userId),
  ]);
}

function anyOfValues(
  fields: readonly string[],
  values: readonly string[] | null | undefined,
): QueryClause[] {
  if (values === undefined || values === null) {
    return [];
  }
  return [
    {
      bool: {
        should: fields.map((f) => ({ terms: { [f]: [...values] } })),
        minimum_should_match: 1,
      },
    },
  ];
}

function filterFlag(value: boolean | null | undefined): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}

export const STREAM_FACETS = {
  modalities: 'modality',
  poorReasons: 'poorReasons',
  callerSubnets: 'caller.network.subnet',
  calleeSubnets: 'callee.network.subnet',
  callerConnectionTypes: 'caller.network.connectionType',
  callerPlatforms: 'caller.platform',
  callerCaptureDevices: 'caller.device.captureDeviceName',
} as const;

/** Sort of stream pages: newest first, then the stream's document id. */
export const STREAM_SORT: readonly QueryClause[] = [
  { startDateTime: { order: 'desc' } },
  { id: { order: 'desc' } },
];

/** The aggregations behind a stream slice's summary: poor ratio over classified streams, averages. */
export const STREAM_SUMMARY_AGGREGATIONS: Readonly<Record<string, QueryClause>> = {
  classified: { filter: { term: { isClassified: true } } },
  poor: { filter: { term: { isPoor: true } } },
  averageJitterMs: { avg: { field: 'averageJitterMs' } },
  averageRoundTripTimeMs: { avg: { field: 'averageRoundTripTimeMs' } },
  averagePacketLossRate: { avg: { field: 'averagePacketLossRate' } },
  jitterPercentiles: { percentiles: { field: 'averageJitterMs', percents: [50, 95] } },
};
