import { edmDateTimeMs, ROLLUP_UNKNOWN_VALUE } from '@callrecords/contracts';
import type { DirectRoutingLogRow, PstnCallLogRow } from '@callrecords/contracts';

import { bucketsOf } from './buckets';
import { cellKey, totalCell } from './cells';
import type { Entry } from './cells';
import type { Contribution } from './record-contribution';

/**
 * PSTN minutes, calls and charge by call type, destination, user and currency; bucketed by start.
 */
export function pstnRowContribution(row: PstnCallLogRow): Contribution | undefined {
  const buckets = bucketsOf(row.startDateTime ?? row.endDateTime);
  if (!buckets) {
    return undefined;
  }
  const measures = {
    calls: 1,
    durationMs: Math.max(0, row.duration ?? 0) * 1000,
    // Micro-units make the sum exact (Edm.Decimal money never has more than 6 decimals here).
    chargeMicros: Math.round((row.charge ?? 0) * 1_000_000),
  };
  const dimensions: [string, string | null | undefined][] = [
    ['callType', row.callType],
    ['destinationCountry', row.destinationName],
    ['user', row.userId],
    ['currency', row.currency],
  ];
  return { ...buckets, entries: withDimensions('pstn', dimensions, measures) };
}

/**
 * Direct Routing calls, successes and failures by trunk (SBC FQDN), final SIP code and call type.
 */
export function directRoutingRowContribution(row: DirectRoutingLogRow): Contribution | undefined {
  // Failed calls may have no start or end time, only the invite or failure time
  // (libs/contracts/graph-reference/FACTS.md §3);
  // Graph's 0001-01-01 "no value" placeholder is not a time (edmDateTimeMs).
  const buckets = bucketsOf(
    [row.startDateTime, row.inviteDateTime, row.failureDateTime, row.endDateTime].find(
      (value) => edmDateTimeMs(value) !== undefined,
    ),
  );
  if (!buckets) {
    return undefined;
  }
  const measures = {
    calls: 1,
    successes: row.successfulCall === true ? 1 : 0,
    failures: row.successfulCall === false ? 1 : 0,
    durationMs: Math.max(0, row.duration ?? 0) * 1000,
  };
  const dimensions: [string, string | null | undefined][] = [
    ['trunk', row.trunkFullyQualifiedDomainName],
    [
      'finalSipCode',
      row.finalSipCode === null || row.finalSipCode === undefined
        ? undefined
        : String(row.finalSipCode),
    ],
    ['callType', row.callType],
  ];
  return { ...buckets, entries: withDimensions('direct-routing', dimensions, measures) };
}

function withDimensions(
  metric: 'pstn' | 'direct-routing',
  dimensions: readonly [string, string | null | undefined][],
  measures: Omit<Entry, 'cell'>,
): Entry[] {
  return [
    { cell: totalCell(metric), ...measures },
    ...dimensions.map(([dimension, value]) => ({
      cell: cellKey(metric, dimension, value ? value : ROLLUP_UNKNOWN_VALUE),
      ...measures,
    })),
  ];
}
