import {
  CallRecordFetchedV1Definition,
  decodeEvent,
  DirectRoutingCallRowV1Definition,
  PstnCallRowV1Definition,
  withPseudonymsForSealedValues,
} from '@callrecords/contracts';
import type {
  CallRecordFetchedV1,
  DirectRoutingCallRowV1,
  PstnCallRowV1,
  RetentionPolicy,
} from '@callrecords/contracts';

import { emergencyCallAlert } from '../domain/alert-rules';
import type { AlertCandidate, AlertRulesConfig } from '../domain/alert-rules';
import type { ContributionDocument } from '../domain/contribution-plan';
import { recordContribution } from '../domain/record-contribution';
import type { RecordContributionOptions } from '../domain/record-contribution';
import {
  directRoutingRowContribution,
  pstnRowContribution,
} from '../domain/report-row-contribution';

export type AggregatorEvent = CallRecordFetchedV1 | PstnCallRowV1 | DirectRoutingCallRowV1;

/** The events the aggregator consumes (records, PSTN rows, Direct Routing rows). */
export const AGGREGATOR_DECODERS = [
  CallRecordFetchedV1Definition,
  PstnCallRowV1Definition,
  DirectRoutingCallRowV1Definition,
] as const;

/**
 * Decodes a consumed message (the consumer thread and the contribution workers both use this).
 * Sealed personal values (crypto-shredding) of report rows read as their person's pseudonym, so the
 * PSTN `user` dimension groups by person without opening anything. A call record is left as it is:
 * its contribution reads no sealed field (subnets, devices and measures are never sealed), and
 * copying a whole record would cost as much as decoding it.
 */
export function decodeAggregatorEvent(
  value: Buffer,
  headers: Readonly<Record<string, string>>,
): AggregatorEvent {
  const event = decodeEvent(AGGREGATOR_DECODERS, value, headers);
  return event.type === 'CallRecordFetched' ? event : withPseudonymsForSealedValues(event);
}

/** A message left undecoded by the consumer, for a contribution worker to decode. */
export interface UndecodedEvent {
  readonly raw: Buffer;
  readonly headers: Readonly<Record<string, string>>;
}

/** What the consumer hands the rollups: events, or raw messages when workers decode them. */
export type AggregatorInput = AggregatorEvent | UndecodedEvent;

export type ContributionOptions = RecordContributionOptions & {
  readonly rules: AlertRulesConfig;
  /** Calls past their tenant's retention contribute nothing (contributionWithinRetention). */
  readonly retention?: RetentionPolicy;
};

export interface EventContribution {
  readonly doc: Omit<ContributionDocument, 'retracted'> | undefined;
  readonly alert: AlertCandidate | undefined;
  /** Set when the call is past its tenant's retention (skipped; past-retention.ts). */
  readonly pastRetention?: true;
  /** Set when a worker could not decode the message (it goes to the dead-letter topic). */
  readonly undecodable?: string;
  /** The doc's changelog form (encodeContribution), when a worker computed it. */
  readonly encoded?: string;
}

/** The contribution document (and emergency alert) of one consumed event; pure. */
export function toContribution(
  event: AggregatorEvent,
  options: ContributionOptions,
): EventContribution {
  const tenantId = event.tenantId;
  switch (event.type) {
    case 'CallRecordFetched': {
      const record = event.payload.callRecord;
      const c = recordContribution(record, options);
      const doc = c && {
        tenantId,
        source: 'records' as const,
        sourceId: record.id,
        version: event.payload.version,
        ...c,
      };
      return { doc, alert: undefined };
    }
    case 'PstnCallRow': {
      const row = event.payload.row;
      const c = pstnRowContribution(row);
      // Rows have no version: the latest fetch wins (a re-poll carries the same or newer data).
      const doc = c && {
        tenantId,
        source: 'pstn' as const,
        sourceId: row.id,
        version: Date.parse(event.payload.fetchedAt),
        ...c,
      };
      return { doc, alert: emergencyCallAlert(tenantId, { kind: 'pstn', row }, options.rules) };
    }
    case 'DirectRoutingCallRow': {
      const row = event.payload.row;
      const c = directRoutingRowContribution(row);
      const doc = c && {
        tenantId,
        source: 'directRouting' as const,
        sourceId: row.id,
        version: Date.parse(event.payload.fetchedAt),
        ...c,
      };
      return {
        doc,
        alert: emergencyCallAlert(tenantId, { kind: 'directRouting', row }, options.rules),
      };
    }
  }
}
