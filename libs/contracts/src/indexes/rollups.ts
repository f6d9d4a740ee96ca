import { z } from 'zod';

// The aggregator's rollup indexes: the aggregator↔gateway contract (STYLE.md §2.5, "Indexes").
// One index (read through its alias) per metric and interval: `callrecords-rollup-<metric>-<interval>`.
// A document is one cell of one bucket: tenant × interval × bucketStart × dimension × value, with the
// measures of that cell. Counts and durations are exact integers (they are sums of integers), so a
// rollup equals a recomputation from the raw records to the unit.
// A cell whose contributions all moved away (a record's new version changed its hour or value) keeps
// its document with zero counts: readers filter `calls > 0` / `streams > 0` when they list values.

/** The metrics the aggregator rolls up; each has its own index pair (hour and day). */
export const ROLLUP_METRICS = ['calls', 'streams', 'pstn', 'direct-routing'] as const;
export const RollupMetricSchema = z.enum(ROLLUP_METRICS);
export type RollupMetric = z.infer<typeof RollupMetricSchema>;

/** Bucket sizes, in UTC: an hour bucket starts on the hour, a day bucket at 00:00Z. */
export const ROLLUP_INTERVALS = ['hour', 'day'] as const;
export const RollupIntervalSchema = z.enum(ROLLUP_INTERVALS);
export type RollupInterval = z.infer<typeof RollupIntervalSchema>;

/**
 * The dimensions of each metric. `total` has the single value `all`. A call counts once under each
 * value it has (a call with audio and video counts under both modalities), so the values of a
 * multi-valued dimension may sum to more than `total`.
 */
export const ROLLUP_DIMENSIONS = {
  /** Call records by `callRecord.type`, `modalities`, endpoint `productFamily`/`platform`, network. */
  calls: [
    'total',
    'callType',
    'modality',
    'productFamily',
    'platform',
    'networkConnectionType',
    'subnet',
    'site',
  ],
  /** Media streams by CQD media type (`audio`, `video`, `videoBasedScreenSharing`, …). */
  streams: ['total', 'mediaType'],
  /** getPstnCalls rows by `callType`, destination (`destinationName`), `userId` and `currency`. */
  pstn: ['total', 'callType', 'destinationCountry', 'user', 'currency'],
  /** getDirectRoutingCalls rows by trunk (SBC FQDN), `finalSipCode` and `callType`. */
  'direct-routing': ['total', 'trunk', 'finalSipCode', 'callType'],
} as const satisfies Record<RollupMetric, readonly string[]>;

export type RollupDimension<M extends RollupMetric = RollupMetric> =
  (typeof ROLLUP_DIMENSIONS)[M][number];

/** The `value` of the `total` dimension, and of a dimension Graph left empty (`unknown`). */
/**
 * Dimensions whose values name a person (README "Personal data"): their cells follow the tenant's
 * PRIVACY_RETENTION_DAYS, while every other rollup may live longer (no person in it).
 */
export const PERSONAL_ROLLUP_DIMENSIONS: readonly { metric: RollupMetric; dimension: string }[] = [
  { metric: 'pstn', dimension: 'user' },
];

export const ROLLUP_TOTAL_VALUE = 'all';
export const ROLLUP_UNKNOWN_VALUE = 'unknown';

/**
 * Upper bounds (inclusive) of the fixed histogram bins of stream metrics; the last bin is open
 * (`> last bound`). Fixed bins make histograms exactly mergeable across buckets and retractable.
 */
export const ROLLUP_HISTOGRAM_BOUNDS = {
  jitterMs: [5, 10, 15, 20, 25, 30, 40, 50, 75, 100, 150, 200, 300, 500],
  packetLossRate: [0.001, 0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5],
  roundTripMs: [25, 50, 75, 100, 150, 200, 250, 300, 400, 500, 750, 1000, 2000],
} as const;
export type RollupHistogramMetric = keyof typeof ROLLUP_HISTOGRAM_BOUNDS;
export const ROLLUP_HISTOGRAM_METRICS = Object.keys(
  ROLLUP_HISTOGRAM_BOUNDS,
) as RollupHistogramMetric[];

/** Index (alias) name of a rollup, under OPENSEARCH_INDEX_PREFIX. */
export function rollupIndexName(
  metric: RollupMetric,
  interval: RollupInterval,
  prefix = '',
): string {
  return `${prefix}callrecords-rollup-${metric}-${interval}`;
}

/** The concrete index behind a rollup alias (a new mapping goes to `-v2` and an alias swap). */
export function rollupConcreteIndexName(
  metric: RollupMetric,
  interval: RollupInterval,
  prefix = '',
): string {
  return `${rollupIndexName(metric, interval, prefix)}-v1`;
}

/** Deterministic `_id` of a rollup document: the same cell is always the same document. */
export function rollupDocumentId(cell: {
  readonly tenantId: string;
  readonly interval: RollupInterval;
  readonly bucketStart: string;
  readonly dimension: string;
  readonly value: string;
}): string {
  return [cell.tenantId, cell.interval, cell.bucketStart, cell.dimension, cell.value].join('|');
}

const count = z.int().min(0);
const ratio = z.number().min(0).max(1).nullable();

const CELL_SHAPE = {
  /** Entra tenant; every query is scoped by it. */
  tenantId: z.string().min(1),
  interval: RollupIntervalSchema,
  /** Bucket start, ISO 8601 UTC with milliseconds (`2026-11-26T14:00:00.000Z`). */
  bucketStart: z.iso.datetime(),
  dimension: z.string().min(1),
  /** The dimension's value (`groupCall`, `sbc1.contoso.com`, `404`…); `all` for `total`. */
  value: z.string().min(1),
  /**
   * Private to the aggregator (not indexed; readers ignore it): the exact integer sums of the cell
   * and, per source `topic/partition`, the last offset they include. Optional: documents written
   * before it existed have none.
   */
  aggregation: z
    .object({
      applied: z.record(z.string(), z.number()),
      sums: z.record(z.string(), z.record(z.string(), z.number())),
    })
    .optional(),
};

/**
 * A stream-metric distribution: `counts[i]` streams fell in bin i of ROLLUP_HISTOGRAM_BOUNDS[metric]
 * (`counts.length === bounds.length + 1`). p50/p95 are the upper bound of the bin holding that
 * percentile (null when no stream reported the metric, or when it falls in the open last bin).
 */
export const RollupHistogramSchema = z.object({
  counts: z.array(count),
  samples: count,
  p50: z.number().nullable(),
  p95: z.number().nullable(),
});
export type RollupHistogram = z.infer<typeof RollupHistogramSchema>;

export const CallsRollupDocumentSchema = z.object({
  ...CELL_SHAPE,
  metric: z.literal('calls'),
  calls: count,
  /** Sum of endDateTime − startDateTime, in milliseconds (exact). */
  durationMs: count,
  /** durationMs / 60,000. */
  minutes: z.number().min(0),
  /** Calls with at least one stream CQD could classify. */
  classifiedCalls: count,
  /** Classified calls with at least one poor stream (@callrecords/call-quality). */
  poorCalls: count,
  /** poorCalls / classifiedCalls; null when nothing was classified. */
  poorCallRatio: ratio,
});
export type CallsRollupDocument = z.infer<typeof CallsRollupDocumentSchema>;

export const StreamsRollupDocumentSchema = z.object({
  ...CELL_SHAPE,
  metric: z.literal('streams'),
  streams: count,
  classifiedStreams: count,
  poorStreams: count,
  /** poorStreams / classifiedStreams (CQD "Poor %"); null when nothing was classified. */
  poorStreamRatio: ratio,
  jitterMs: RollupHistogramSchema,
  packetLossRate: RollupHistogramSchema,
  roundTripMs: RollupHistogramSchema,
});
export type StreamsRollupDocument = z.infer<typeof StreamsRollupDocumentSchema>;

export const PstnRollupDocumentSchema = z.object({
  ...CELL_SHAPE,
  metric: z.literal('pstn'),
  calls: count,
  /** Sum of the rows' `duration` (seconds) × 1,000. */
  durationMs: count,
  minutes: z.number().min(0),
  /** Sum of `charge`, rounded to micro-units per row; in the row currencies (see dimension `currency`). */
  charge: z.number(),
});
export type PstnRollupDocument = z.infer<typeof PstnRollupDocumentSchema>;

export const DirectRoutingRollupDocumentSchema = z.object({
  ...CELL_SHAPE,
  metric: z.literal('direct-routing'),
  calls: count,
  /** Rows with `successfulCall: true`. */
  successes: count,
  /** Rows with `successfulCall: false` (a null is neither). */
  failures: count,
  /** failures / (successes + failures); null when neither. */
  failureRatio: ratio,
  durationMs: count,
  minutes: z.number().min(0),
});
export type DirectRoutingRollupDocument = z.infer<typeof DirectRoutingRollupDocumentSchema>;

export const RollupDocumentSchema = z.discriminatedUnion('metric', [
  CallsRollupDocumentSchema,
  StreamsRollupDocumentSchema,
  PstnRollupDocumentSchema,
  DirectRoutingRollupDocumentSchema,
]);
export type RollupDocument = z.infer<typeof RollupDocumentSchema>;

/** The schema of the documents of one metric's indexes. */
export const ROLLUP_DOCUMENT_SCHEMAS = {
  calls: CallsRollupDocumentSchema,
  streams: StreamsRollupDocumentSchema,
  pstn: PstnRollupDocumentSchema,
  'direct-routing': DirectRoutingRollupDocumentSchema,
} as const satisfies Record<RollupMetric, z.ZodType>;

const KEYWORD = { type: 'keyword' } as const;
const LONG = { type: 'long' } as const;
const DOUBLE = { type: 'double' } as const;
const HISTOGRAM_MAPPING = {
  properties: { counts: LONG, samples: LONG, p50: DOUBLE, p95: DOUBLE },
} as const;
const CELL_PROPERTIES = {
  tenantId: KEYWORD,
  interval: KEYWORD,
  bucketStart: { type: 'date', format: 'strict_date_optional_time' },
  metric: KEYWORD,
  dimension: KEYWORD,
  value: KEYWORD,
  aggregation: { type: 'object', enabled: false },
} as const;

/** The `properties` of each metric's index mapping (`dynamic: strict`). */
export const ROLLUP_PROPERTIES = {
  calls: {
    ...CELL_PROPERTIES,
    calls: LONG,
    durationMs: LONG,
    minutes: DOUBLE,
    classifiedCalls: LONG,
    poorCalls: LONG,
    poorCallRatio: DOUBLE,
  },
  streams: {
    ...CELL_PROPERTIES,
    streams: LONG,
    classifiedStreams: LONG,
    poorStreams: LONG,
    poorStreamRatio: DOUBLE,
    jitterMs: HISTOGRAM_MAPPING,
    packetLossRate: HISTOGRAM_MAPPING,
    roundTripMs: HISTOGRAM_MAPPING,
  },
  pstn: { ...CELL_PROPERTIES, calls: LONG, durationMs: LONG, minutes: DOUBLE, charge: DOUBLE },
  'direct-routing': {
    ...CELL_PROPERTIES,
    calls: LONG,
    successes: LONG,
    failures: LONG,
    failureRatio: DOUBLE,
    durationMs: LONG,
    minutes: DOUBLE,
  },
} as const satisfies Record<RollupMetric, Record<string, unknown>>;

/** The body that creates a rollup's concrete index with its alias (idempotent setup at boot). */
export function rollupIndexBody(
  metric: RollupMetric,
  interval: RollupInterval,
  prefix = '',
): Record<string, unknown> {
  return {
    settings: { number_of_shards: 1, refresh_interval: '1s' },
    aliases: { [rollupIndexName(metric, interval, prefix)]: { is_write_index: true } },
    mappings: { dynamic: 'strict', properties: ROLLUP_PROPERTIES[metric] },
  };
}
